package socketlessons.tcpchat;

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
import socketlessons.basics.Connector;

/**
 * {@code java -jar lesson02-tcp-chat.jar <command>}: every program of lesson02. It only
 * parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson02-tcp-chat", mixinStandardHelpOptions = true, version = "socket-lessons lesson02 1.0",
        description = "§4 the console chat: half-duplex, q quits, one client at a time.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.Demo.class})
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

    /** What a student can do about the two errors every first run meets. */
    static String hint(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return " (is the server running? start it first, or give the client --retry SECONDS)";
        }
        if (e instanceof java.net.BindException) {
            return " (another program holds this port: stop it, or choose another with --port, 0 for any free one)";
        }
        return "";
    }

    static String[] prepend(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** The options every program has. */
    static final class Endpoint {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "9000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;
    }

    /** What a message is on the wire: our lines, or the course's bare text. */
    static final class WireChoice {
        @Option(names = "--course-wire", description = "speak the course's wire (bare text, one recv(1024) = one message) to talk to its Python programs")
        boolean courseWire;

        Wire.Format format() {
            return courseWire ? Wire.Format.COURSE : Wire.Format.LINES;
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§4.3 chat server: one client at a time; you answer each message; q ends a conversation.")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();
        @CommandLine.Mixin WireChoice wire = new WireChoice();

        @Option(names = "--timeout", defaultValue = "0", description = "seconds to wait for a client's message before hanging up on it; 0 waits forever, as the course does (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = "--conversations", defaultValue = "0", description = "stop after this many clients (default: 0, never)")
        int conversations;

        @Override
        public Integer call() throws Exception {
            try (ChatServer server = new ChatServer(endpoint.host, endpoint.port, Duration.ofSeconds(timeoutSeconds), wire.format())) {
                console.out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
                console.out.println("*".repeat(20));
                server.serve(new ChatSession(console.in, console.out), conversations, console.out);
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§4.2 chat client: you speak first; q quits.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();
        @CommandLine.Mixin WireChoice wire = new WireChoice();

        @Option(names = "--retry", description = "wait for a server that is not up yet, retrying with back-off for up to this many seconds (default: no retry)")
        int retrySeconds;

        @Override
        public Integer call() throws Exception {
            ChatSession session = new ChatSession(console.in, console.out);
            ChatSession.Ending ending = retrySeconds > 0
                    ? ChatClient.talk(new Connector(Duration.ofSeconds(retrySeconds), console.out::println),
                            endpoint.host, endpoint.port, wire.format(), session)
                    : ChatClient.talk(endpoint.host, endpoint.port, wire.format(), session);
            console.out.println();
            console.out.println("conversation ended: " + ending);
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§4.3 narrated: client B waits until client A quits.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();

        @Override
        public Integer call() throws Exception {
            new ChatDemo(console.out).run(endpoint.host, endpoint.port);
            return 0;
        }
    }
}
