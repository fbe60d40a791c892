package socketlessons.socketserver;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;

/**
 * {@code java -jar lesson07-socketserver.jar <command>}: every program of lesson07. It only
 * parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson07-socketserver", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "§9 socketserver: Python's server framework in Java, many clients at once.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.UdpServerCommand.class,
            Launcher.UdpClient.class, Launcher.Demo.class})
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

    /**
     * Serves until Ctrl+C or kill (SIGTERM), which run {@code close()} in a JVM shutdown hook: the
     * log shows what it closes. When serveForever returns, try-with-resources closes the server
     * too, at the same time as the hook: close() closes and logs each connection once.
     */
    static void serveUntilCtrlC(BaseServer<?> server, PrintWriter out, String what) {
        out.println("listening on " + Endpoint.format(server.address()));
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
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;
        @Spec CommandSpec spec;

        @Option(names = "--one-at-a-time", description = "TcpServer instead: one client at a time, as lesson02")
        boolean oneAtATime;

        @Option(names = "--pool", defaultValue = "0", description = "PooledTcpServer instead: serve at most this many clients at once; 0: a thread per client (default: ${DEFAULT-VALUE})")
        int pool;

        @Option(names = "--queue", defaultValue = "10", description = "with --pool: how many more clients may wait for a thread (default: ${DEFAULT-VALUE})")
        int queue;

        @Option(names = "--timeout", defaultValue = "300", description = "seconds a client may stay silent, or leave an answer unread, before it is cut off; 0: forever (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            if (pool < 0 || queue < 0 || timeoutSeconds < 0) {
                throw new ParameterException(spec.commandLine(), "--pool, --queue and --timeout must not be negative");
            }
            TcpServer.Options options = new TcpServer.Options().timeout(Duration.ofSeconds(timeoutSeconds));
            InetSocketAddress address = endpoint.address();
            PrintWriter out = launcher.console.out;
            if (oneAtATime) {
                try (TcpServer server = new TcpServer(address, UpperEchoHandler::new, options, out::println)) {
                    serveUntilCtrlC(server, out, "TcpServer: one client at a time");
                }
            } else if (pool > 0) {
                try (PooledTcpServer server = new PooledTcpServer(address, UpperEchoHandler::new, pool, queue, options, out::println)) {
                    serveUntilCtrlC(server, out, "PooledTcpServer: at most " + pool + " clients at once, " + queue + " more may wait");
                }
            } else {
                try (ThreadingTcpServer server = new ThreadingTcpServer(address, UpperEchoHandler::new, options, out::println)) {
                    serveUntilCtrlC(server, out, "ThreadingTcpServer: a thread per client");
                }
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§9 sends each line you type; prints the server's answers; q (or the end of input) quits.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            new UpperClient(launcher.console.in, launcher.console.out).talk(endpoint.address());
            return 0;
        }
    }

    @Command(name = "udp-server", mixinStandardHelpOptions = true,
            description = "§9 the uppercase echo on UdpServer: each datagram is a request.")
    static final class UdpServerCommand implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = launcher.console.out;
            try (UdpServer server = new UdpServer(endpoint.address(), UpperUdpHandler::new, out::println)) {
                serveUntilCtrlC(server, out, "UdpServer: each datagram is a request");
            }
            return 0;
        }
    }

    @Command(name = "udp-client", mixinStandardHelpOptions = true,
            description = "§9 sends each line you type as a datagram; prints the answer; q quits.")
    static final class UdpClient implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            new UpperUdpClient(launcher.console.in, launcher.console.out).talk(endpoint.address());
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§9 narrated: one client at a time, a thread per client and close, a bounded pool.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            new SocketServerDemo(launcher.console.out).run(endpoint.address());
            return 0;
        }
    }
}
