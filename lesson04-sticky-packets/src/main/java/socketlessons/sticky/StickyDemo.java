package socketlessons.sticky;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Endpoint;

/**
 * §6 in one process, narrated: the same two messages sent twice over a real connection,
 * first bare (they come out glued), then framed (they come out as sent). The reader reads
 * only after both messages have arrived, so the glue shows every run, not just sometimes.
 */
public final class StickyDemo {

    private final PrintWriter out;

    public StickyDemo(PrintWriter out) {
        this.out = out;
    }

    /** Run from an IDE: the same as {@code java -jar lesson04-sticky-packets.jar demo}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("demo", args);
    }

    public void run(String host, int port) throws IOException, InterruptedException {
        try (ServerSocket sk = new ServerSocket()) {
            sk.bind(new InetSocketAddress(host, port), 50);
            out.println("[server] listening on " + Endpoint.format((InetSocketAddress) sk.getLocalSocketAddress()));
            try (Socket client = new Socket()) {
                client.connect(sk.getLocalSocketAddress(), 5_000);
                client.setTcpNoDelay(true); // Nagle off: it does not help, as you will see
                try (Socket conn = sk.accept()) {
                    conn.setSoTimeout(10_000);
                    OutputStream send = client.getOutputStream();
                    InputStream recv = conn.getInputStream();

                    out.println("-- 1. no framing (the course's §6.1) --");
                    send.write("hello".getBytes(StandardCharsets.UTF_8));
                    out.println("[client] send(\"hello\")");
                    send.write("world".getBytes(StandardCharsets.UTF_8));
                    out.println("[client] send(\"world\")");
                    waitFor(recv, 10);
                    out.println("[server] recv(1024) -> \"" + NaiveReceiver.recv(recv, 1024) + "\"   粘包: two messages, one read");

                    out.println("-- 2. length prefix (§6.2) --");
                    LengthPrefixCodec codec = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
                    codec.writeFrame(send, "hello".getBytes(StandardCharsets.UTF_8));
                    out.println("[client] send 00 00 00 05 + \"hello\"");
                    codec.writeFrame(send, "world".getBytes(StandardCharsets.UTF_8));
                    out.println("[client] send 00 00 00 05 + \"world\"");
                    waitFor(recv, 18);
                    out.println("[server] readFrame -> \"" + new String(codec.readFrame(recv), StandardCharsets.UTF_8) + "\"");
                    out.println("[server] readFrame -> \"" + new String(codec.readFrame(recv), StandardCharsets.UTF_8) + "\"");
                    out.println("both messages arrived glued again, and the length prefix cut them apart");
                }
            }
        }
    }

    /** Waits until {@code n} bytes wait in the socket: the certain way to show glue. */
    private static void waitFor(InputStream in, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (in.available() < n) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the bytes did not arrive within 5 s");
            }
            Thread.sleep(1);
        }
    }
}
