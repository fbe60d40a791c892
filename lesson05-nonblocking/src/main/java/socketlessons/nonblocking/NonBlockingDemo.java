package socketlessons.nonblocking;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * §7 narrated: both one-thread servers serve two clients at once; then each sits idle for a
 * while, and the CPU time its thread used meanwhile is printed. The figures differ from run
 * to run and machine to machine; their ratio is the lesson.
 */
public final class NonBlockingDemo {

    private final PrintWriter out;
    private final long idleMillis;

    public NonBlockingDemo(PrintWriter out, long idleMillis) {
        this.out = out;
        this.idleMillis = idleMillis;
    }

    public void run(String host) throws Exception {
        LengthPrefixCodec codec = new LengthPrefixCodec();
        long busyCpu;
        long busyLoops;
        try (BusyPollingServer busy = new BusyPollingServer(new InetSocketAddress(host, 0), out::println)) {
            out.println("[busy-server] listening on " + Launcher.format(busy.address()) + ": one thread, accept() and read() tried in a loop");
            try (Socket a = new Socket(); Socket b = new Socket()) {
                a.connect(busy.address(), 5_000);
                b.connect(busy.address(), 5_000);
                out.println("[A] sends hello a, gets " + rawEcho(a, "hello a") + "; [B] sends hello b, gets " + rawEcho(b, "hello b"));
            }
            long cpuBefore = busy.cpuNanos();
            long loopsBefore = busy.loops();
            Thread.sleep(idleMillis);
            busyCpu = busy.cpuNanos() - cpuBefore;
            busyLoops = busy.loops() - loopsBefore;
        }
        out.printf("[busy-server] idle for %d ms: used %d ms of CPU, %,d times round the loop for nothing%n",
                idleMillis, busyCpu / 1_000_000, busyLoops);

        try (SelectorEchoServer selector = new SelectorEchoServer(new InetSocketAddress(host, 0), codec,
                SelectorEchoServer.DEFAULT_MAX_QUEUED, out::println).start()) {
            out.println("[server] listening on " + Launcher.format(selector.address()) + ": one thread asleep in select()");
            try (Socket a = new Socket(); Socket b = new Socket()) {
                a.connect(selector.address(), 5_000);
                b.connect(selector.address(), 5_000);
                out.println("[A] sends hello a, gets " + framedEcho(codec, a, "hello a") + "; [B] sends hello b, gets " + framedEcho(codec, b, "hello b"));
            }
            long cpuBefore = selector.cpuNanos();
            Thread.sleep(idleMillis);
            long selectorCpu = selector.cpuNanos() - cpuBefore;
            out.printf("[server] idle for %d ms: used %d ms of CPU%n", idleMillis, selectorCpu / 1_000_000);
        }
        out.println("both serve many clients with one thread; only the selector sleeps while there is nothing to do");
    }

    private static String rawEcho(Socket sk, String text) throws Exception {
        sk.setSoTimeout(5_000);
        sk.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        byte[] answer = sk.getInputStream().readNBytes(text.length());
        return new String(answer, StandardCharsets.UTF_8);
    }

    private static String framedEcho(LengthPrefixCodec codec, Socket sk, String text) throws Exception {
        sk.setSoTimeout(5_000);
        OutputStream out = sk.getOutputStream();
        InputStream in = new BufferedInputStream(sk.getInputStream());
        codec.writeFrame(out, text.getBytes(StandardCharsets.UTF_8));
        return new String(codec.readFrame(in), StandardCharsets.UTF_8);
    }
}
