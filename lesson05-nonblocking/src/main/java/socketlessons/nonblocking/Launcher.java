package socketlessons.nonblocking;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * {@code java -jar lesson05-nonblocking.jar <command>}: every program of lesson05, one method
 * each. It only parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson05-nonblocking", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = BuildVersion.class,
        description = "§7 non-blocking IO: from a busy-polling loop to a selector that holds 10,000 clients.")
public final class Launcher {

    /** The virtual-thread server: compiled on a JDK 21 or newer into the jar's META-INF/versions/21. */
    static final String VIRTUAL_THREAD_SERVER = "socketlessons.nonblocking.VirtualThreadEchoServer";

    private final Console console;

    private Launcher(Console console) {
        this.console = console;
    }

    /**
     * Runs one command. A failure exits with its code (1 failed, 2 bad usage); success returns, and
     * the JVM ends with its last non-daemon thread (every thread of this lesson is a daemon), so
     * that RunnableMainsTest can run every class's {@code main} one after another in one JVM.
     */
    public static void main(String[] args) {
        int code = run(Console.system(), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one command with the given console; returns its exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(Console console, String... args) {
        return Cli.run(new Launcher(console), console, args);
    }

    /** For the classes' own mains: {@code main(args)} runs {@code command args}. */
    static String[] prepend(String command, String... args) {
        return Cli.prepend(command, args);
    }

    /** The length's byte order on the wire. */
    enum WireOrder {
        BIG(ByteOrder.BIG_ENDIAN), LITTLE(ByteOrder.LITTLE_ENDIAN);

        final ByteOrder order;

        WireOrder(ByteOrder order) {
            this.order = order;
        }
    }

    /** The frame's byte order, for the programs that speak lesson04's frames. */
    static final class Order {
        @Option(names = "--byte-order", defaultValue = "big",
                description = "${COMPLETION-CANDIDATES} (any case): big is network order, Python's '!i';"
                        + " little is the course's struct.pack('i', n) on x86 (default: ${DEFAULT-VALUE})")
        WireOrder wire;

        LengthPrefixCodec codec() {
            return new LengthPrefixCodec(wire.order, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        }
    }

    /** How long a server serves: until Ctrl+C, or a set time. */
    static final class StopAfter {
        @Option(names = "--stop-after", defaultValue = "0",
                description = "stop after this many seconds; 0 serves until Ctrl+C (default: ${DEFAULT-VALUE})")
        double seconds;
    }

    /** Starts the server, prints the line servers print, and serves until stopped. */
    private int serve(EchoServer server, StopAfter stop) throws Exception {
        try (server) {
            server.start();
            console.out.println("listening on " + Endpoint.format(server.address()));
            if (stop.seconds > 0) {
                Thread.sleep((long) (stop.seconds * 1000));
            } else {
                Thread.currentThread().join(); // never returns: Ctrl+C ends the process
            }
        }
        return 0;
    }

    private Consumer<String> log() {
        return console.out::println;
    }

    @Command(name = "busy-server",
            description = "§7 the classroom's non-blocking loop, raw text: serves many clients, and burns a core while idle (Ctrl+C stops it).")
    int busyServer(@Mixin Endpoint endpoint, @Mixin StopAfter stop) throws Exception {
        return serve(new BusyPollingServer(endpoint.address(), log()), stop);
    }

    @Command(name = "simple-server",
            description = "§7 the idea only (SelectorEchoServer): one selector thread, framed uppercase echo, no limits (Ctrl+C stops it).")
    int simpleServer(@Mixin Endpoint endpoint, @Mixin Order order, @Mixin StopAfter stop) throws Exception {
        return serve(new SelectorEchoServer(endpoint.address(), order.codec(), 0, log()), stop);
    }

    /** The guarded server's limits, as options. */
    static final class Limits {
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

        GuardedSelectorEchoServer.Limits limits() {
            return GuardedSelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(maxQueued)
                    .withWriteTimeout(Duration.ofSeconds(writeTimeoutSeconds)).withFrameTimeout(Duration.ofSeconds(frameTimeoutSeconds))
                    .withMaxPartialBytes(maxPartial).withMaxClients(maxClients);
        }
    }

    @Command(name = "server",
            description = "§7 the guarded selector (GuardedSelectorEchoServer): one thread, many clients, framed uppercase echo, limits for strangers (Ctrl+C stops it).")
    int server(@Mixin Endpoint endpoint, @Mixin Order order, @Mixin Limits limits, @Mixin StopAfter stop) throws Exception {
        return serve(new GuardedSelectorEchoServer(endpoint.address(), order.codec(), limits.limits(), log()), stop);
    }

    @Command(name = "client", description = "§7 sends each line you type as a frame and prints the answer; q quits.")
    int client(@Mixin Endpoint endpoint, @Mixin Order order) throws Exception {
        new EchoClient(order.codec()).talk(endpoint.address(), console.in, console.out);
        return 0;
    }

    @Command(name = "thread-server",
            description = "the same echo with blocking sockets and a thread per client, for comparison (Ctrl+C stops it).")
    int threadServer(@Mixin Endpoint endpoint, @Mixin Order order, @Mixin StopAfter stop,
            @Option(names = "--one-at-a-time", description = "one client at a time, as lesson02's server") boolean oneAtATime)
            throws Exception {
        return serve(oneAtATime ? new BlockingEchoServer(endpoint.address(), order.codec(), log())
                : ThreadPerClientEchoServer.onPlatformThreads(endpoint.address(), order.codec(), log()), stop);
    }

    @Command(name = "aio-server", description = "the same echo on AsynchronousServerSocketChannel: completion handlers (Ctrl+C stops it).")
    int aioServer(@Mixin Endpoint endpoint, @Mixin Order order, @Mixin StopAfter stop) throws Exception {
        return serve(new AioEchoServer(endpoint.address(), order.codec(), GuardedSelectorEchoServer.Limits.DEFAULT, log()), stop);
    }

    @Command(name = "vt-server", description = "JDK 21+: the same echo, blocking code, one virtual thread per client (Ctrl+C stops it).")
    int vtServer(@Mixin Endpoint endpoint, @Mixin Order order, @Mixin StopAfter stop) throws Exception {
        return serve(virtualThreadServer(endpoint.address(), order.codec(), log()), stop);
    }

    /**
     * The virtual-thread server, found by name: it is in the jar's META-INF/versions/21, which a
     * JVM 17 does not read, so nothing compiled for Java 17 may name it.
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

    @Command(name = "naive-write-server",
            description = "§7 the classic NIO bug: the selector server without an outbound queue, making one of two mistakes (Ctrl+C stops it).")
    int naiveWriteServer(@Mixin Endpoint endpoint, @Mixin StopAfter stop, @Option(names = "--mistake",
            defaultValue = "IGNORE_WHAT_WRITE_RETURNED", description = "${COMPLETION-CANDIDATES} (any case) (default: ${DEFAULT-VALUE})")
            NaiveWriteServer.Mistake mistake) throws Exception {
        return serve(new NaiveWriteServer(endpoint.address(), mistake, 0, log()), stop);
    }

    @Command(name = "load",
            description = "opens N connections from one thread; each sends framed 64-byte messages, one in flight; prints messages/s, latency and errors.")
    int load(@Mixin Endpoint endpoint,
            @Option(names = "--clients", defaultValue = "100", description = "connections (default: ${DEFAULT-VALUE})") int clients,
            @Option(names = "--seconds", defaultValue = "5", description = "measured time (default: ${DEFAULT-VALUE})") double seconds,
            @Option(names = "--warmup", defaultValue = "2",
                    description = "seconds before measuring, while connections open (default: ${DEFAULT-VALUE})") double warmup,
            @Option(names = "--messages", defaultValue = "0", description = "instead of a time: each connection sends this many"
                    + " messages, every answer counts, and the run ends when all are in (default: ${DEFAULT-VALUE}, timed)") long messages)
            throws Exception {
        LoadClient load = messages > 0 ? LoadClient.counting(endpoint.address(), clients, messages, new LoadClient.Window() { })
                : new LoadClient(endpoint.address(), clients, warmup, seconds);
        LoadClient.Result result = load.run();
        console.out.println(result);
        return result.errors() == 0 && result.connected() == clients ? 0 : 1;
    }

    @Command(name = "demo",
            description = "§7 narrated: the busy loop and the selector side by side (idle CPU measured), then the write that does not fit.")
    int demo(@Mixin Endpoint endpoint, @Option(names = "--idle-ms", defaultValue = "1000",
            description = "how long each server sits idle while its CPU time is measured (default: ${DEFAULT-VALUE})") long idleMillis)
            throws Exception {
        new NonBlockingDemo(console.out, idleMillis).run(endpoint.host);
        return 0;
    }
}
