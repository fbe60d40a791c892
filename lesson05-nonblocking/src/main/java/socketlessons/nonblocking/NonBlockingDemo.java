package socketlessons.nonblocking;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * §7 narrated, in one process. First the two one-thread servers: each serves two clients at
 * once, then sits idle while the CPU time of its thread is measured (the JVM's per-thread CPU
 * clock). Then the write that does not fit: a client that sends 256 requests before reading any
 * reply, against the naive server and the fixed one. The figures differ from run to run and
 * machine to machine; their ratios are the lesson.
 */
public final class NonBlockingDemo {

    private static final int FLOOD_FRAMES = 256;
    private static final int SMALL_SEND_BUFFER = 8 * 1024;

    private final PrintWriter out;
    private final long idleMillis;
    private final LengthPrefixCodec codec = new LengthPrefixCodec();

    public NonBlockingDemo(PrintWriter out, long idleMillis) {
        this.out = out;
        this.idleMillis = idleMillis;
    }

    public void run(String host) throws Exception {
        InetSocketAddress any = new InetSocketAddress(host, 0);
        long busyCpu;
        try (BusyPollingServer busy = new BusyPollingServer(any, out::println).start()) {
            out.println("[busy-server] listening on " + socketlessons.basics.cli.Endpoint.format(busy.address()) + ": one thread, accept() and read() tried in a loop");
            try (Socket a = connect(busy.address()); Socket b = connect(busy.address())) {
                out.println("[A] sends hello a, gets " + rawEcho(a, "hello a") + "; [B] sends hello b, gets " + rawEcho(b, "hello b"));
                long cpuBefore = busy.cpuNanos();
                long loopsBefore = busy.loops();
                Thread.sleep(idleMillis); // the measurement itself: both clients stay connected, and silent
                busyCpu = busy.cpuNanos() - cpuBefore;
                out.printf("[busy-server] idle for %d ms, A and B connected: used %d ms of CPU, went round the loop %,d times for nothing%n",
                        idleMillis, busyCpu / 1_000_000, busy.loops() - loopsBefore);
            }
        }

        long selectorCpu;
        try (SelectorEchoServer selector = new SelectorEchoServer(any, codec, 0, out::println).start()) {
            out.println("[server] listening on " + socketlessons.basics.cli.Endpoint.format(selector.address()) + ": one thread asleep in select()");
            try (Socket a = connect(selector.address()); Socket b = connect(selector.address())) {
                out.println("[A] sends hello a, gets " + framedEcho(a, "hello a") + "; [B] sends hello b, gets " + framedEcho(b, "hello b"));
                Stats before = selector.stats();
                Thread.sleep(idleMillis);
                Stats after = selector.stats();
                selectorCpu = after.cpuNanos() - before.cpuNanos();
                out.printf("[server] idle for %d ms, A and B connected: used %d ms of CPU, went round the loop %,d times%n",
                        idleMillis, selectorCpu / 1_000_000, after.wakeups() - before.wakeups());
            }
        }
        out.printf("idle CPU, side by side: busy-server %d ms, selector %d ms, in %d ms each%n",
                busyCpu / 1_000_000, selectorCpu / 1_000_000, idleMillis);

        long expected = NonReadingClient.expectedBytes(FLOOD_FRAMES);
        out.printf("a client sends %d requests of 1 KiB and reads nothing until all are answered (%,d bytes of replies due):%n",
                FLOOD_FRAMES, expected);
        try (NaiveWriteServer naive = new NaiveWriteServer(any, NaiveWriteServer.Mistake.IGNORE_WHAT_WRITE_RETURNED,
                SMALL_SEND_BUFFER, out::println).start()) {
            byte[] back = sendAllThenRead(naive.address(), naive::replies);
            out.printf("[naive] write() once, its count ignored: %,d bytes came back, %,d thrown away by the server%n",
                    back.length, naive.droppedBytes());
        }
        try (SelectorEchoServer fixed = new SelectorEchoServer(any, codec, SMALL_SEND_BUFFER, out::println).start()) {
            byte[] back = sendAllThenRead(fixed.address(), () -> fixed.stats().replies());
            out.printf("[server] the rest queued, OP_WRITE until sent: %,d bytes came back, %,d lost%n",
                    back.length, expected - back.length);
        }
        out.println("one thread serves many clients in both; only the selector sleeps while idle and keeps every reply");
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar demo}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("demo", args));
    }

    /** The slow reader: sends, waits until the server has answered every request, and only then reads. */
    private static byte[] sendAllThenRead(InetSocketAddress server, LongSupplier replies) throws IOException, InterruptedException {
        try (NonReadingClient slow = new NonReadingClient(server)) {
            long before = replies.getAsLong();
            slow.send(FLOOD_FRAMES);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (replies.getAsLong() - before < FLOOD_FRAMES && System.nanoTime() < deadline) {
                Thread.sleep(1); // the server is still reading requests out of its socket buffer
            }
            return slow.finishAndReadAll();
        }
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket sk = new Socket();
        sk.connect(address, EchoClient.CONNECT_TIMEOUT_MILLIS);
        sk.setSoTimeout(EchoClient.READ_TIMEOUT_MILLIS);
        return sk;
    }

    private static String rawEcho(Socket sk, String text) throws IOException {
        sk.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        byte[] answer = sk.getInputStream().readNBytes(text.length());
        return new String(answer, StandardCharsets.UTF_8);
    }

    private String framedEcho(Socket sk, String text) throws IOException {
        codec.writeFrame(sk.getOutputStream(), text.getBytes(StandardCharsets.UTF_8));
        return new String(codec.readFrame(new BufferedInputStream(sk.getInputStream())), StandardCharsets.UTF_8);
    }
}
