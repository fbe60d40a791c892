package socketlessons.nonblocking;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.nonblocking.check.ManyClientsStages;
import socketlessons.sticky.FrameOrder;

/**
 * {@code java -jar lesson05-nonblocking.jar <command>}: every program of lesson05, one method
 * each. It only parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson05-nonblocking", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = BuildVersion.class, description = "§7 non-blocking IO: from a busy-polling loop to a selector that holds 10,000 clients.")
public final class Launcher {

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

    @Command(name = "busy-server", description = "§7 the classroom's non-blocking loop, raw text: serves many clients, and burns a core while idle (Ctrl+C stops it).")
    void busyServer(@Mixin Endpoint endpoint, @Mixin StopAfter stop) throws Exception {
        stop.serve(new BusyPollingServer(endpoint.address(), console.out::println), console.out);
    }

    @Command(name = "simple-server", description = "§7 the idea only (SelectorEchoServer): one selector thread, framed uppercase echo, no limits (Ctrl+C stops it).")
    void simpleServer(@Mixin Endpoint endpoint, @Mixin FrameOrder order, @Mixin StopAfter stop) throws Exception {
        stop.serve(new SelectorEchoServer(endpoint.address(), order.codec(), 0, console.out::println), console.out);
    }

    @Command(name = "server", description = "§7 the guarded selector (GuardedSelectorEchoServer): one thread, many clients, framed uppercase echo,"
            + " limits for strangers (Ctrl+C stops it).")
    void server(@Mixin Endpoint endpoint, @Mixin FrameOrder order, @Mixin LimitOptions limits, @Mixin StopAfter stop) throws Exception {
        stop.serve(new GuardedSelectorEchoServer(endpoint.address(), order.codec(), limits.limits(), console.out::println), console.out);
    }

    @Command(name = "client", description = "§7 sends each line you type as a frame and prints the answer; q quits.")
    void client(@Mixin Endpoint endpoint, @Mixin FrameOrder order) throws Exception {
        new EchoClient(order.codec()).talk(endpoint.address(), console.in, console.out);
    }

    @Command(name = "thread-server", description = "the same echo with blocking sockets and a thread per client, for comparison (Ctrl+C stops it).")
    void threadServer(@Mixin Endpoint endpoint, @Mixin FrameOrder order, @Mixin StopAfter stop,
            @Option(names = "--one-at-a-time", description = "one client at a time, as lesson02's server") boolean oneAtATime) throws Exception {
        stop.serve(oneAtATime ? new BlockingEchoServer(endpoint.address(), order.codec(), console.out::println)
                : ThreadPerClientEchoServer.onPlatformThreads(endpoint.address(), order.codec(), console.out::println), console.out);
    }

    @Command(name = "aio-server", description = "the same echo on AsynchronousServerSocketChannel: completion handlers (Ctrl+C stops it).")
    void aioServer(@Mixin Endpoint endpoint, @Mixin FrameOrder order, @Mixin StopAfter stop) throws Exception {
        stop.serve(new AioEchoServer(endpoint.address(), order.codec(), GuardedSelectorEchoServer.Limits.DEFAULT, console.out::println), console.out);
    }

    @Command(name = "vt-server", description = "JDK 21+: the same echo, blocking code, one virtual thread per client (Ctrl+C stops it).")
    void vtServer(@Mixin Endpoint endpoint, @Mixin FrameOrder order, @Mixin StopAfter stop) throws Exception {
        stop.serve(EchoServer.virtualThreadServer(endpoint.address(), order.codec(), console.out::println), console.out);
    }

    @Command(name = "naive-write-server", description = "§7 the classic NIO bug: the selector server without an outbound queue, making one of two mistakes (Ctrl+C stops it).")
    void naiveWriteServer(@Mixin Endpoint endpoint, @Mixin StopAfter stop, @Option(names = "--mistake", paramLabel = "MISTAKE", defaultValue = "IGNORE_WHAT_WRITE_RETURNED",
            description = "${COMPLETION-CANDIDATES} (any case) (default: ${DEFAULT-VALUE})") NaiveWriteServer.Mistake mistake) throws Exception {
        stop.serve(new NaiveWriteServer(endpoint.address(), mistake, 0, console.out::println), console.out);
    }

    @Command(name = "load", description = "opens N connections from one thread; each sends framed 64-byte messages, one in flight; prints messages/s, latency and errors.")
    int load(@Mixin Endpoint endpoint,
            @Option(names = "--clients", paramLabel = "N", defaultValue = "100", description = "connections (default: ${DEFAULT-VALUE})") int clients,
            @Option(names = "--seconds", paramLabel = "SECONDS", defaultValue = "5", description = "measured time (default: ${DEFAULT-VALUE})") double seconds,
            @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2", description = "seconds before measuring, while connections open (default: ${DEFAULT-VALUE})") double warmup,
            @Option(names = "--messages", paramLabel = "N", defaultValue = "0", description = "instead of a time: each connection sends this many"
                    + " messages, every answer counts, and the run ends when all are in (default: ${DEFAULT-VALUE}, timed)") long messages) throws Exception {
        return (messages > 0 ? LoadClient.counting(endpoint.address(), clients, messages, new LoadClient.Window() { })
                : new LoadClient(endpoint.address(), clients, warmup, seconds)).runAndReport(console.out);
    }

    @Command(name = "demo", description = "§7 narrated: the busy loop and the selector side by side (idle CPU measured), then the write that does not fit.")
    void demo(@Mixin Endpoint endpoint, @Option(names = "--idle-ms", paramLabel = "MS", defaultValue = "1000",
            description = "how long each server sits idle while its CPU time is measured (default: ${DEFAULT-VALUE})") long idleMillis) throws Exception {
        new NonBlockingDemo(console.out, idleMillis).run(endpoint.host);
    }

    @Command(name = "check", description = "check your own §7 server for many clients, in any language, stage by stage: check server -- python3 selector_server.py")
    int check(@Mixin CheckOptions options, @Mixin FrameOrder order) throws Exception {
        return Checker.run(options, ManyClientsStages.all(order.order()), console);
    }
}
