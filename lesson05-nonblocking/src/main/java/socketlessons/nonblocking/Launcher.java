package socketlessons.nonblocking;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * {@code java -jar lesson05-nonblocking.jar <command>}: every program of lesson05. It only
 * parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson05-nonblocking", mixinStandardHelpOptions = true, version = "socket-lessons lesson05 1.0",
        description = "§7 non-blocking IO: from a busy-polling loop to a selector that holds 10,000 clients.",
        subcommands = {Launcher.BusyServer.class, Launcher.Server.class, Launcher.Client.class, Launcher.ThreadServer.class,
            Launcher.AioServer.class, Launcher.VtServer.class, Launcher.Load.class, Launcher.Demo.class})
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

    static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
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

        /** Prints the line servers print, then waits until the process is stopped. */
        void listening(InetSocketAddress address) throws InterruptedException {
            console.out.println("listening on " + format(address));
            Thread.currentThread().join();
        }
    }

    @Command(name = "busy-server", mixinStandardHelpOptions = true,
            description = "§7 the classroom's non-blocking loop: serves many clients, and burns a core while idle (Ctrl+C stops it).")
    static final class BusyServer extends Base {
        @Override
        public Integer call() throws Exception {
            try (BusyPollingServer server = new BusyPollingServer(endpoint.address(), console.out::println)) {
                listening(server.address());
            }
            return 0;
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§7 the selector: one thread, many clients, framed uppercase echo (Ctrl+C stops it).")
    static final class Server extends Base {
        @Option(names = "--max-queued", defaultValue = "" + SelectorEchoServer.DEFAULT_MAX_QUEUED, description = "bytes waiting for a client before it is cut off (default: ${DEFAULT-VALUE})")
        int maxQueued;

        @Override
        public Integer call() throws Exception {
            try (SelectorEchoServer server = new SelectorEchoServer(endpoint.address(), new LengthPrefixCodec(), maxQueued, console.out::println)) {
                server.start();
                listening(server.address());
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§7 sends each line you type as a frame; prints the answer; q quits.")
    static final class Client extends Base {
        @Override
        public Integer call() throws Exception {
            LengthPrefixCodec codec = new LengthPrefixCodec();
            try (Socket sk = new Socket()) {
                sk.connect(endpoint.address(), 5_000);
                InputStream in = new BufferedInputStream(sk.getInputStream());
                OutputStream out = new BufferedOutputStream(sk.getOutputStream());
                String line;
                while ((line = console.in.readLine()) != null && !line.equalsIgnoreCase("q")) {
                    codec.writeFrame(out, line.getBytes(StandardCharsets.UTF_8));
                    byte[] answer = codec.readFrame(in);
                    if (answer == null) {
                        console.out.println("the server closed the connection");
                        return 1;
                    }
                    console.out.println(new String(answer, StandardCharsets.UTF_8));
                }
            }
            return 0;
        }
    }

    @Command(name = "thread-server", mixinStandardHelpOptions = true,
            description = "the same echo with blocking sockets and a thread per client, for comparison (Ctrl+C stops it).")
    static final class ThreadServer extends Base {
        @Option(names = "--one-at-a-time", description = "one client at a time, as lesson02's server")
        boolean oneAtATime;

        @Override
        public Integer call() throws Exception {
            try (BlockingEchoServer server = new BlockingEchoServer(endpoint.address(), new LengthPrefixCodec(), !oneAtATime, console.out::println)) {
                server.start();
                listening(server.address());
            }
            return 0;
        }
    }

    @Command(name = "aio-server", mixinStandardHelpOptions = true,
            description = "the same echo on AsynchronousServerSocketChannel: completion handlers (Ctrl+C stops it).")
    static final class AioServer extends Base {
        @Override
        public Integer call() throws Exception {
            try (AioEchoServer server = new AioEchoServer(endpoint.address(), new LengthPrefixCodec(), console.out::println)) {
                listening(server.address());
            }
            return 0;
        }
    }

    @Command(name = "vt-server", mixinStandardHelpOptions = true,
            description = "JDK 21+: the same echo, blocking code, one virtual thread per client (Ctrl+C stops it).")
    static final class VtServer extends Base {
        @Override
        public Integer call() throws Exception {
            try (AutoCloseable server = virtualThreadServer(endpoint.address(), console.out::println)) {
                InetSocketAddress address = (InetSocketAddress) server.getClass().getMethod("address").invoke(server);
                Thread serving = new Thread(() -> {
                    try {
                        server.getClass().getMethod("serveForever").invoke(server);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }, "vt-accept");
                serving.setDaemon(true);
                serving.start();
                listening(address);
            }
            return 0;
        }
    }

    /**
     * The virtual-thread server, found by name: it is compiled only on JDK 21 or newer, so that
     * the lesson still builds (and this launcher still runs) on Java 17.
     */
    static AutoCloseable virtualThreadServer(InetSocketAddress address, Consumer<String> log) throws Exception {
        Class<?> type;
        try {
            type = Class.forName("socketlessons.nonblocking.VirtualThreadEchoServer");
        } catch (ClassNotFoundException e) {
            throw new UnsupportedOperationException("virtual threads need a JDK 21 or newer: this jar was built without"
                    + " them (on Java 17); build it again with a JDK 21+");
        } catch (UnsupportedClassVersionError e) {
            throw new UnsupportedOperationException("virtual threads need a JDK 21 or newer: this is Java "
                    + Runtime.version().feature());
        }
        Constructor<?> constructor = type.getConstructor(InetSocketAddress.class, LengthPrefixCodec.class, Consumer.class);
        return (AutoCloseable) constructor.newInstance(address, new LengthPrefixCodec(), log);
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "opens N connections from one thread; each sends framed 64-byte messages, one in flight; prints messages/s and latency.")
    static final class Load extends Base {
        @Option(names = "--clients", defaultValue = "100", description = "connections (default: ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--seconds", defaultValue = "5", description = "measured time (default: ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--warmup", defaultValue = "2", description = "seconds before measuring, while connections open (default: ${DEFAULT-VALUE})")
        double warmup;

        @Override
        public Integer call() throws Exception {
            LoadClient.Result result = new LoadClient(endpoint.address(), clients, warmup, seconds).run();
            console.out.println(result);
            return result.errors() == 0 && result.connected() == clients ? 0 : 1;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§7 narrated: the busy loop and the selector side by side, idle CPU measured, two clients at once.")
    static final class Demo extends Base {
        @Option(names = "--idle-ms", defaultValue = "1000", description = "how long each server sits idle while its CPU time is measured (default: ${DEFAULT-VALUE})")
        long idleMillis;

        @Override
        public Integer call() throws Exception {
            new NonBlockingDemo(console.out, idleMillis).run(endpoint.host);
            return 0;
        }
    }
}
