package socketlessons.basics;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code java -jar lesson01-socket-basics.jar <command>}: every program of lesson01.
 * It only parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson01-socket-basics", mixinStandardHelpOptions = true, version = "socket-lessons lesson01 1.0",
        description = "§1-§4.1 socket basics: the course's first server and client.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.Browser.class, Launcher.Demo.class})
public final class Launcher {

    final BufferedReader in;
    final PrintWriter out;

    Launcher(InputStream in, PrintStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        System.exit(run(System.in, System.out, args));
    }

    /** Runs one command with the given console; returns its exit code. */
    public static int run(InputStream in, PrintStream out, String... args) {
        Launcher launcher = new Launcher(in, out);
        CommandLine cli = new CommandLine(launcher);
        cli.setOut(launcher.out);
        cli.setErr(launcher.out);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            launcher.out.println("error: " + e + hint(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** What a student can do about the two errors of lesson01. */
    static String hint(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return " (is the server running? start it first, or give the client --retry SECONDS)";
        }
        if (e instanceof java.net.BindException) {
            return " (another program holds this port: stop it, or choose another with --port, 0 for any free one)";
        }
        return "";
    }

    /** The options every program has. */
    static final class Endpoint {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "9000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§1.3 server.py: accept one client, send hello, print what it answers.")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();

        @Override
        public Integer call() throws Exception {
            try (HelloServer server = new HelloServer(endpoint.host, endpoint.port)) {
                console.out.println("listening on " + HelloServer.format(server.address()));
                console.out.println(server.serveOne());
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§1.3 client.py: print the server's greeting, answer byebye.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();

        @Option(names = "--retry", description = "wait for a server that is not up yet, retrying with back-off for up to this many seconds (default: no retry)")
        int retrySeconds;

        @Override
        public Integer call() throws Exception {
            Connector connector = new Connector(Duration.ofSeconds(retrySeconds), console.out::println);
            console.out.println(new HelloClient(connector).talk(endpoint.host, endpoint.port));
            return 0;
        }
    }

    @Command(name = "browser", mixinStandardHelpOptions = true,
            description = "B/S is C/S: answer browsers' HTTP requests by hand on a raw ServerSocket (Ctrl+C stops it).")
    static final class Browser implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();

        @Option(names = "--requests", defaultValue = "0", description = "stop after this many requests (default: 0, never)")
        int requests;

        @Override
        public Integer call() throws Exception {
            try (BrowserServer server = new BrowserServer(endpoint.host, endpoint.port)) {
                console.out.println("listening on " + HelloServer.format(server.address()));
                console.out.println("open http://" + HelloServer.format(server.address()) + "/ in a browser");
                for (int served = 0; requests == 0 || served < requests; served++) {
                    console.out.println("request: " + server.answerOne());
                }
            }
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "server and client in one process, narrated step by step: handshake, hello, byebye, close.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();

        @Override
        public Integer call() throws Exception {
            new HelloDemo(console.out).run(endpoint.host, endpoint.port);
            return 0;
        }
    }
}
