package socketlessons.udp;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code java -jar lesson03-udp.jar <command>}: every program of lesson03. It only parses
 * options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson03-udp", mixinStandardHelpOptions = true, version = "socket-lessons lesson03 1.0",
        description = "§5 UDP: datagrams, no connection, and the WinError 10054 of the notes.",
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
            launcher.out.println("error: " + e);
            return 1;
        });
        return cli.execute(args);
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

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§5.1 UDP chat server: shows each datagram and its sender, answers the sender from this console.")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();

        @Override
        public Integer call() throws Exception {
            try (UdpChatServer server = new UdpChatServer(endpoint.host, endpoint.port)) {
                console.out.println("listening on " + UdpChatClient.format(server.address()));
                server.serve(console.in, console.out, 0);
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§5.1 UDP chat client: each line is a datagram; waits for the answer with a timeout; q quits.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();

        @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for an answer (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            new UdpChatClient(new InetSocketAddress(endpoint.host, endpoint.port), Duration.ofSeconds(timeoutSeconds))
                    .talk(console.in, console.out);
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§5 narrated: three clients and one server socket, at once.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();

        @Override
        public Integer call() throws Exception {
            new UdpDemo(console.out).run(endpoint.host, endpoint.port);
            return 0;
        }
    }
}
