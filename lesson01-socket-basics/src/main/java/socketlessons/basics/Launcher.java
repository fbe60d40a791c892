package socketlessons.basics;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.check.Lesson01Stages;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;

/**
 * {@code java -jar lesson01-socket-basics.jar <command>}: every program of lesson01.
 * It only parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson01-socket-basics", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "§1-§4.1 socket basics: the course's first server and client.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.Browser.class, Launcher.Demo.class,
            Launcher.FileVsSocket.class, Launcher.Check.class})
public final class Launcher {

    final Console console;

    private Launcher(Console console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** Runs one command with the given console; returns its exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(Console console, String... args) {
        return Cli.run(new Launcher(console), console, args);
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§1.3 server.py: accept one client, send hello, print what it answers.")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            try (HelloServer server = new HelloServer(endpoint.host, endpoint.port)) {
                launcher.console.out.println("listening on " + Endpoint.format(server.address()));
                launcher.console.out.println(server.serveOne());
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§1.3 client.py: print the server's greeting, answer byebye.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Option(names = "--retry", description = "wait for a server that is not up yet, retrying with back-off for up to this many seconds (default: no retry)")
        int retrySeconds;

        @Override
        public Integer call() throws Exception {
            if (retrySeconds == 0) {
                launcher.console.out.println(HelloClient.talk(endpoint.host, endpoint.port));
                return 0;
            }
            Connector connector = new Connector(Duration.ofSeconds(retrySeconds), launcher.console.out::println);
            try (Socket sk = connector.connect(endpoint.host, endpoint.port)) {
                launcher.console.out.println(HelloClient.talk(sk));
            }
            return 0;
        }
    }

    @Command(name = "browser", mixinStandardHelpOptions = true,
            description = "B/S is C/S: answer browsers' HTTP requests by hand on a raw ServerSocket (Ctrl+C stops it).")
    static final class Browser implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Option(names = "--requests", defaultValue = "0", description = "stop after this many requests (default: 0, never)")
        int requests;

        @Override
        public Integer call() throws Exception {
            try (BrowserServer server = new BrowserServer(endpoint.host, endpoint.port)) {
                launcher.console.out.println("listening on " + Endpoint.format(server.address()));
                launcher.console.out.println("open http://" + Endpoint.format(server.address()) + "/ in a browser");
                for (int served = 0; requests == 0 || served < requests; served++) {
                    launcher.console.out.println("request: " + server.answerOne());
                }
            }
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "server and client in one process, narrated step by step: handshake, hello, byebye, close.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            new HelloDemo(launcher.console.out).run(endpoint.host, endpoint.port);
            return 0;
        }
    }

    @Command(name = "file-vs-socket", mixinStandardHelpOptions = true,
            description = "§3.1 socket's history: two programs talk through a file, then through a socket, side by side.")
    static final class FileVsSocket implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            new FileVsSocketDemo(launcher.console.out).run(endpoint.host, endpoint.port);
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "check your own §1.3 server or client, in any language, stage by stage: check server -- python3 server.py")
    static final class Check implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin CheckOptions options;

        @Override
        public Integer call() throws Exception {
            return Checker.run(options, Lesson01Stages.all(), launcher.console);
        }
    }
}
