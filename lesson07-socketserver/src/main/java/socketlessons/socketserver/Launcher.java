package socketlessons.socketserver;

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
 * {@code java -jar lesson07-socketserver.jar <command>}: every program of lesson07. It only
 * parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson07-socketserver", mixinStandardHelpOptions = true, version = "socket-lessons lesson07 1.0",
        description = "§9 socketserver: Python's server framework in Java, many clients at once.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.UdpServerCommand.class,
            Launcher.UdpClient.class, Launcher.Demo.class})
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

    /** What a student can do about the usual errors. */
    static String hint(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return " (is the server running? start it first)";
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

        InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();
    }

    /** Serves until Ctrl+C or kill (SIGTERM), which run {@code close()} in a JVM shutdown hook: the log shows what it closes. */
    static void serveUntilCtrlC(BaseServer<?> server, PrintWriter out, String what) {
        out.println("listening on " + BaseServer.format(server.address()));
        out.println(what + "; Ctrl+C shuts it down");
        Thread stopper = new Thread(() -> {
            out.println("Ctrl+C (or kill): close()");
            server.close();
        }, "shutdown on Ctrl+C");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            server.serveForever();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException exiting) {
                // Ctrl+C: the hook is running now
            }
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§9 the classroom's uppercase echo on ThreadingTcpServer: a thread per client.")
    static final class Server extends Base {
        @Option(names = "--one-at-a-time", description = "TcpServer instead: one client at a time, as lesson02")
        boolean oneAtATime;

        @Option(names = "--pool", defaultValue = "0", description = "PooledTcpServer instead: serve at most this many clients at once; 0: a thread per client (default: ${DEFAULT-VALUE})")
        int pool;

        @Option(names = "--queue", defaultValue = "10", description = "with --pool: how many more clients may wait for a thread (default: ${DEFAULT-VALUE})")
        int queue;

        @Option(names = "--timeout", defaultValue = "300", description = "seconds a client may stay silent before it is cut off; 0: forever (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            TcpServer.Options options = new TcpServer.Options().timeout(Duration.ofSeconds(timeoutSeconds));
            InetSocketAddress address = endpoint.address();
            if (oneAtATime) {
                try (TcpServer server = new TcpServer(address, UpperEchoHandler::new, options, console.out::println)) {
                    serveUntilCtrlC(server, console.out, "TcpServer: one client at a time");
                }
            } else if (pool > 0) {
                try (PooledTcpServer server = new PooledTcpServer(address, UpperEchoHandler::new, pool, queue, options, console.out::println)) {
                    serveUntilCtrlC(server, console.out, "PooledTcpServer: at most " + pool + " clients at once, " + queue + " more may wait");
                }
            } else {
                try (ThreadingTcpServer server = new ThreadingTcpServer(address, UpperEchoHandler::new, options, console.out::println)) {
                    serveUntilCtrlC(server, console.out, "ThreadingTcpServer: a thread per client");
                }
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§9 sends each line you type; prints the server's answer; q quits.")
    static final class Client extends Base {
        @Override
        public Integer call() throws Exception {
            return new UpperClient(console.in, console.out).talk(endpoint.address());
        }
    }

    @Command(name = "udp-server", mixinStandardHelpOptions = true,
            description = "§9 the uppercase echo on UdpServer: each datagram is a request.")
    static final class UdpServerCommand extends Base {
        @Override
        public Integer call() throws Exception {
            try (UdpServer server = new UdpServer(endpoint.address(), UpperUdpHandler::new, console.out::println)) {
                serveUntilCtrlC(server, console.out, "UdpServer: each datagram is a request");
            }
            return 0;
        }
    }

    @Command(name = "udp-client", mixinStandardHelpOptions = true,
            description = "§9 sends each line you type as a datagram; prints the answer; q quits.")
    static final class UdpClient extends Base {
        @Override
        public Integer call() throws Exception {
            new UpperUdpClient(console.in, console.out).talk(endpoint.address());
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§9 narrated: one client at a time, a thread per client and shutdown, a bounded pool.")
    static final class Demo extends Base {
        @Override
        public Integer call() throws Exception {
            new SocketServerDemo(console.out).run(endpoint.address());
            return 0;
        }
    }
}
