package socketlessons.nonblocking;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        subcommands = {Launcher.BusyServer.class, Launcher.SimpleServer.class, Launcher.Server.class, Launcher.Client.class, Launcher.ThreadServer.class,
            Launcher.AioServer.class, Launcher.VtServer.class, Launcher.Load.class, Launcher.Demo.class})
public final class Launcher {

    /** The virtual-thread server: in src/main/java21, compiled only by a JDK 21 or newer. */
    static final String VIRTUAL_THREAD_SERVER = "socketlessons.nonblocking.VirtualThreadEchoServer";

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
        cli.registerConverter(ByteOrder.class, Launcher::byteOrder);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            launcher.out.println("error: " + e + hint(e));
            return 1;
        });
        return cli.execute(args);
    }

    static ByteOrder byteOrder(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "big" -> ByteOrder.BIG_ENDIAN;
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            default -> throw new CommandLine.TypeConversionException("byte order is big or little, not " + name);
        };
    }

    /** What a student can do about the two errors everyone meets first. */
    static String hint(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return " (is the server running? start it first)";
        }
        if (e instanceof java.net.BindException) {
            return " (another program holds this port: stop it, or choose another with --port, 0 for any free one)";
        }
        return "";
    }

    static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** For the classes' own mains: {@code main(args)} runs {@code command args}. */
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

    /** The frame's byte order, for the programs that speak lesson04's frames. */
    static final class Order {
        @Option(names = "--byte-order", defaultValue = "big",
                description = "big (network order, Python's '!i') or little (the course's struct.pack('i', n) on x86) (default: ${DEFAULT-VALUE})")
        ByteOrder order;

        LengthPrefixCodec codec() {
            return new LengthPrefixCodec(order, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        }
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();
    }

    /** The server commands: they serve until Ctrl+C, or for a set time. */
    abstract static class ServerBase extends Base {
        @Option(names = "--stop-after", defaultValue = "0",
                description = "stop after this many seconds; 0 serves until Ctrl+C (default: ${DEFAULT-VALUE})")
        double stopAfterSeconds;

        /** Starts the server, prints the line servers print, and serves until stopped. */
        int serve(EchoServer server) throws Exception {
            try (server) {
                server.start();
                console.out.println("listening on " + format(server.address()));
                if (stopAfterSeconds > 0) {
                    Thread.sleep((long) (stopAfterSeconds * 1000));
                } else {
                    Thread.currentThread().join(); // never returns: Ctrl+C ends the process
                }
            }
            return 0;
        }
    }

    @Command(name = "busy-server", mixinStandardHelpOptions = true,
            description = "§7 the classroom's non-blocking loop, raw text: serves many clients, and burns a core while idle (Ctrl+C stops it).")
    static final class BusyServer extends ServerBase {
        @Override
        public Integer call() throws Exception {
            return serve(new BusyPollingServer(endpoint.address(), console.out::println));
        }
    }

    @Command(name = "simple-server", mixinStandardHelpOptions = true,
            description = "§7 the idea only (SelectorEchoServer): one selector thread, framed uppercase echo, no limits (Ctrl+C stops it).")
    static final class SimpleServer extends ServerBase {
        @CommandLine.Mixin Order order = new Order();

        @Override
        public Integer call() throws Exception {
            return serve(new SelectorEchoServer(endpoint.address(), order.codec(), 0, console.out::println));
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§7 the guarded selector (GuardedSelectorEchoServer): one thread, many clients, framed uppercase echo, limits for strangers (Ctrl+C stops it).")
    static final class Server extends ServerBase {
        @CommandLine.Mixin Order order = new Order();

        @Option(names = "--max-queued", defaultValue = "1048576",
                description = "bytes of replies that may wait for one client; above it, the server stops reading from it (default: ${DEFAULT-VALUE})")
        long maxQueued;

        @Option(names = "--write-timeout", defaultValue = "10",
                description = "seconds a client may take none of its waiting replies before it is cut off (default: ${DEFAULT-VALUE})")
        long writeTimeoutSeconds;

        @Option(names = "--frame-timeout", defaultValue = "10",
                description = "seconds a client may stall in the middle of a frame before it is cut off (default: ${DEFAULT-VALUE})")
        long frameTimeoutSeconds;

        @Option(names = "--max-partial",
                description = "bytes of half-received frames all clients together may hold (default: a quarter of the heap, here ${DEFAULT-VALUE})")
        long maxPartial = GuardedSelectorEchoServer.Limits.DEFAULT.maxPartialBytes();

        @Option(names = "--max-clients",
                description = "clients held at once; the next wait in the backlog (default: what the open-files limit leaves room for, here ${DEFAULT-VALUE})")
        int maxClients = GuardedSelectorEchoServer.Limits.DEFAULT.maxClients();

        @Override
        public Integer call() throws Exception {
            GuardedSelectorEchoServer.Limits limits = GuardedSelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(maxQueued)
                    .withWriteTimeout(Duration.ofSeconds(writeTimeoutSeconds)).withFrameTimeout(Duration.ofSeconds(frameTimeoutSeconds))
                    .withMaxPartialBytes(maxPartial).withMaxClients(maxClients);
            return serve(new GuardedSelectorEchoServer(endpoint.address(), order.codec(), limits, console.out::println));
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§7 sends each line you type as a frame and prints the answer; q quits.")
    static final class Client extends Base {
        @CommandLine.Mixin Order order = new Order();

        @Override
        public Integer call() throws Exception {
            return new EchoClient(order.codec()).talk(endpoint.address(), console.in, console.out);
        }
    }

    @Command(name = "thread-server", mixinStandardHelpOptions = true,
            description = "the same echo with blocking sockets and a thread per client, for comparison (Ctrl+C stops it).")
    static final class ThreadServer extends ServerBase {
        @CommandLine.Mixin Order order = new Order();

        @Option(names = "--one-at-a-time", description = "one client at a time, as lesson02's server")
        boolean oneAtATime;

        @Override
        public Integer call() throws Exception {
            return serve(oneAtATime ? new BlockingEchoServer(endpoint.address(), order.codec(), console.out::println)
                    : ThreadPerClientEchoServer.onPlatformThreads(endpoint.address(), order.codec(), console.out::println));
        }
    }

    @Command(name = "aio-server", mixinStandardHelpOptions = true,
            description = "the same echo on AsynchronousServerSocketChannel: completion handlers (Ctrl+C stops it).")
    static final class AioServer extends ServerBase {
        @CommandLine.Mixin Order order = new Order();

        @Override
        public Integer call() throws Exception {
            return serve(new AioEchoServer(endpoint.address(), order.codec(), GuardedSelectorEchoServer.Limits.DEFAULT, console.out::println));
        }
    }

    @Command(name = "vt-server", mixinStandardHelpOptions = true,
            description = "JDK 21+: the same echo, blocking code, one virtual thread per client (Ctrl+C stops it).")
    static final class VtServer extends ServerBase {
        @CommandLine.Mixin Order order = new Order();

        @Override
        public Integer call() throws Exception {
            return serve(virtualThreadServer(endpoint.address(), order.codec(), console.out::println));
        }
    }

    /**
     * The virtual-thread server, found by name: it is compiled only on JDK 21 or newer, so that
     * the lesson still builds (and this launcher still runs) on Java 17.
     */
    static EchoServer virtualThreadServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log)
            throws Exception {
        if (Runtime.version().feature() < 21) {
            throw new UnsupportedOperationException("virtual threads need a JDK 21 or newer: this is Java " + Runtime.version().feature());
        }
        Class<? extends EchoServer> type;
        try {
            type = Class.forName(VIRTUAL_THREAD_SERVER).asSubclass(EchoServer.class);
        } catch (ClassNotFoundException e) {
            throw new UnsupportedOperationException("this jar was built with a JDK older than 21, without the"
                    + " virtual-thread server: build it again with a JDK 21+");
        }
        try {
            return type.getConstructor(InetSocketAddress.class, LengthPrefixCodec.class, Consumer.class)
                    .newInstance(address, codec, log);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e; // a BindException, say, as itself
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "opens N connections from one thread; each sends framed 64-byte messages, one in flight; prints messages/s, latency and errors.")
    static final class Load extends Base {
        @Option(names = "--clients", defaultValue = "100", description = "connections (default: ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--seconds", defaultValue = "5", description = "measured time (default: ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--warmup", defaultValue = "2", description = "seconds before measuring, while connections open (default: ${DEFAULT-VALUE})")
        double warmup;

        @Option(names = "--messages", defaultValue = "0",
                description = "instead of a time: each connection sends this many messages, every answer counts, and the run ends when all are in (default: ${DEFAULT-VALUE}, timed)")
        long messages;

        @Override
        public Integer call() throws Exception {
            LoadClient load = messages > 0 ? LoadClient.counting(endpoint.address(), clients, messages, new LoadClient.Window() { })
                    : new LoadClient(endpoint.address(), clients, warmup, seconds);
            LoadClient.Result result = load.run();
            console.out.println(result);
            return result.errors() == 0 && result.connected() == clients ? 0 : 1;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§7 narrated: the busy loop and the selector side by side (idle CPU measured), then the write that does not fit.")
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
