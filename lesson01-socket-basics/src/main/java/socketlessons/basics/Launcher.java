package socketlessons.basics;

import java.net.Socket;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.check.Lesson01Stages;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;

/**
 * {@code java -jar lesson01-socket-basics.jar <command>}: every program of lesson01, one method
 * each. It only parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson01-socket-basics", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = BuildVersion.class, description = "§1-§4.1 socket basics: the course's first server and client.")
public final class Launcher {

    private final Console console;

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

    @Command(name = "server", description = "§1.3 server.py: accept one client, send hello, print what it answers.")
    int server(@Mixin Endpoint endpoint) throws Exception {
        try (HelloServer server = new HelloServer(endpoint.host, endpoint.port)) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            console.out.println(server.serveOne());
        }
        return 0;
    }

    @Command(name = "client", description = "§1.3 client.py: print the server's greeting, answer byebye.")
    int client(@Mixin Endpoint endpoint, @Option(names = "--retry", defaultValue = "0", paramLabel = "SECONDS", description = "wait for a server"
            + " that is not up yet, retrying with back-off for up to this many seconds (default: no retry)") int retrySeconds)
            throws Exception {
        if (retrySeconds == 0) {
            console.out.println(HelloClient.talk(endpoint.host, endpoint.port));
            return 0;
        }
        try (Socket sk = new Connector(Duration.ofSeconds(retrySeconds), console.out::println).connect(endpoint.host, endpoint.port)) {
            console.out.println(HelloClient.talk(sk));
        }
        return 0;
    }

    @Command(name = "browser", description = "B/S is C/S: answer browsers' HTTP requests by hand on a raw ServerSocket (Ctrl+C stops it).")
    int browser(@Mixin Endpoint endpoint, @Option(names = "--requests", defaultValue = "0", paramLabel = "N",
            description = "stop after this many requests (default: 0, never)") int requests) throws Exception {
        try (BrowserServer server = new BrowserServer(endpoint.host, endpoint.port)) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            console.out.println("open http://" + Endpoint.format(server.address()) + "/ in a browser");
            for (int served = 0; requests == 0 || served < requests; served++) {
                console.out.println("request: " + server.answerOne());
            }
        }
        return 0;
    }

    @Command(name = "demo", description = "server and client in one process, narrated step by step: handshake, hello, byebye, close.")
    int demo(@Mixin Endpoint endpoint) throws Exception {
        new HelloDemo(console.out).run(endpoint.host, endpoint.port);
        return 0;
    }

    @Command(name = "file-vs-socket", description = "§3.1 socket's history: two programs talk through a file, then through a socket, side by side.")
    int fileVsSocket(@Mixin Endpoint endpoint) throws Exception {
        new FileVsSocketDemo(console.out).run(endpoint.host, endpoint.port);
        return 0;
    }

    @Command(name = "check", description = "check your own §1.3 server or client, in any language, stage by stage: check server -- python3 server.py")
    int check(@Mixin CheckOptions options) throws Exception {
        return Checker.run(options, Lesson01Stages.all(), console);
    }
}
