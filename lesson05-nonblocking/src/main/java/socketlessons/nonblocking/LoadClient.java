package socketlessons.nonblocking;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Iterator;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * {@code load}: N connections from one thread and one selector (10,000 blocking clients would
 * need 10,000 threads; a selector needs none). Each connection sends a framed 64-byte message,
 * waits for its answer, checks it, and sends the next, until the time is up: one message in
 * flight per connection. The clock starts once every connection is open, after a warm-up.
 * Reports messages per second, latency percentiles and errors (a failed connect, a reset, a
 * closed connection or a wrong answer; each ends that connection).
 *
 * <p>{@link #counting} is the other mode, for tests: each connection sends a given number of
 * messages and stops; every answer counts, and the run ends when all are in (or at a generous
 * deadline, each missing answer an error). However slow the machine, the count is the same.
 */
public final class LoadClient {

    /** What a run measured; latencies in microseconds, over the measured window only. */
    public record Result(int clients, int connected, double connectSeconds, long messages, double seconds, long p50Micros,
            long p99Micros, long maxMicros, long errors, String firstError) {

        public double messagesPerSecond() {
            return messages == 0 ? 0 : messages / seconds;
        }

        @Override
        public String toString() {
            return String.format("clients %,d (connected %,d in %.1f s): %,.0f messages/s, latency p50 %,d µs, p99 %,d µs, max %,d µs, errors %,d%s",
                    clients, connected, connectSeconds, messagesPerSecond(), p50Micros, p99Micros, maxMicros, errors,
                    firstError == null ? "" : " (first: " + firstError + ")");
        }
    }

    /**
     * Told when the measured window opens and when it closes, on the load's own thread: the
     * benchmarks module samples the server's CPU time then, to charge it to the messages counted.
     */
    public interface Window {
        default void opened() {
        }

        default void closed() {
        }
    }

    static final int BODY_BYTES = 64;
    /** Connects in flight at once, so that the server's listen backlog is not flooded. */
    private static final int CONNECT_BATCH = 256;
    /** The warm-up starts once every connection is open, or after this long, whichever comes first. */
    private static final long CONNECT_LIMIT_NANOS = 60_000_000_000L;
    /** In counting mode: the run gives up this long after it started. */
    static final long COUNTING_DEADLINE_NANOS = 60_000_000_000L;

    /** One connection's state: the attachment of its key. */
    private static final class Conn {
        final FrameDecoder decoder = new FrameDecoder(java.nio.ByteOrder.BIG_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        ByteBuffer pending = ByteBuffer.allocate(0);
        long sentAt;
        int answers; // answers in the bytes of one read: more than 1 means the server answered twice
        long answered; // in counting mode: answers so far
        boolean wrongAnswer;
    }

    private final InetSocketAddress server;
    private final int clients;
    private final double warmupSeconds;
    private final double seconds;
    private final byte[] frame;
    private final ByteBuffer expected;
    private final Window window;
    private final long perClient; // counting mode: messages per connection; 0 in timed mode

    private long[] latencies = new long[1 << 16];
    private int recorded;
    private long messages;
    private long errors;
    private String firstError;

    public LoadClient(InetSocketAddress server, int clients, double warmupSeconds, double seconds) {
        this(server, clients, warmupSeconds, seconds, new Window() { });
    }

    public LoadClient(InetSocketAddress server, int clients, double warmupSeconds, double seconds, Window window) {
        this(server, clients, warmupSeconds, seconds, window, 0);
    }

    /**
     * Counting mode: each of {@code clients} connections sends {@code messages} messages and
     * stops. Every answer counts, from the first; the run ends when all are in, or 60 s after
     * it started (each answer still missing then is an error). The window opens at the start
     * and closes at the end.
     */
    public static LoadClient counting(InetSocketAddress server, int clients, long messages, Window window) {
        if (messages < 1) {
            throw new IllegalArgumentException("messages per client must be 1 or more: " + messages);
        }
        return new LoadClient(server, clients, 0, 0, window, messages);
    }

    private LoadClient(InetSocketAddress server, int clients, double warmupSeconds, double seconds, Window window, long perClient) {
        this.perClient = perClient;
        this.server = server;
        this.clients = clients;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.window = window;
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        this.frame = new LengthPrefixCodec().encode(body);
        byte[] upper = new byte[BODY_BYTES];
        Arrays.fill(upper, (byte) 'X');
        this.expected = ByteBuffer.wrap(upper).asReadOnlyBuffer();
    }

    /** The launcher's {@code load}: runs, prints the result; 0 when every client connected and nothing failed, else 1. */
    public int runAndReport(PrintWriter out) throws IOException {
        Result result = run();
        out.println(result);
        return result.errors() == 0 && result.connected() == clients ? 0 : 1;
    }

    public Result run() throws IOException {
        int opened = 0;
        int connecting = 0;
        int connected = 0;
        long start = System.nanoTime();
        boolean connectsDone = false; // every connect has succeeded or failed
        long connectedAt = 0;
        long measureFrom = 0;
        long end = 0;
        long stoppedAt;
        boolean windowOpen = false;
        boolean counting = perClient > 0;
        if (counting) {
            windowOpen = true;
            window.opened();
            measureFrom = start; // every answer counts
            end = start + COUNTING_DEADLINE_NANOS;
        }
        try (Selector selector = Selector.open()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
            // Until the time is up (counting: until every connection has had its answers),
            // or until every connection has ended in an error.
            while ((counting || !connectsDone || System.nanoTime() - end < 0) && (opened < clients || !selector.keys().isEmpty())) {
                long now = System.nanoTime();
                if (counting && now - end >= 0) {
                    long missing = (long) clients * perClient - messages;
                    errors += missing;
                    firstError = firstError != null ? firstError
                            : "no answer to " + missing + " of " + (long) clients * perClient + " messages in " + COUNTING_DEADLINE_NANOS / 1_000_000_000 + " s";
                    break;
                }
                if (!connectsDone && ((opened == clients && connecting == 0) || now - start > CONNECT_LIMIT_NANOS)) {
                    connectsDone = true;
                    connectedAt = now;
                    if (!counting) { // warm up, then measure
                        measureFrom = now + (long) (warmupSeconds * 1e9);
                        end = measureFrom + (long) (seconds * 1e9);
                    }
                }
                if (connectsDone && !windowOpen && now - measureFrom >= 0) {
                    windowOpen = true;
                    window.opened();
                }
                for (; opened < clients && connecting < CONNECT_BATCH; opened++) {
                    try {
                        SocketChannel channel = SocketChannel.open();
                        channel.configureBlocking(false);
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        channel.connect(server); // starts the handshake; OP_CONNECT says when it is done
                        channel.register(selector, SelectionKey.OP_CONNECT, new Conn());
                        connecting++;
                    } catch (IOException e) {
                        error(e); // "Too many open files", most often: see the README on ulimit -n
                    }
                }
                selector.select(10);
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    SocketChannel channel = (SocketChannel) key.channel();
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            connecting--;
                            channel.finishConnect();
                            connected++;
                            send(key, conn);
                        } else if (key.isReadable()) {
                            read(key, channel, conn, buf, counting || connectsDone, measureFrom);
                        } else if (key.isWritable()) {
                            flush(key, conn);
                        }
                    } catch (IOException e) {
                        error(e);
                        key.cancel();
                        channel.close();
                    }
                }
            }
            stoppedAt = System.nanoTime();
            if (windowOpen) {
                window.closed();
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
        double measured = connectsDone ? Math.max(0, stoppedAt - measureFrom) / 1e9 : 0;
        double connectSeconds = ((connectsDone ? connectedAt : stoppedAt) - start) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, recorded);
        Arrays.sort(sorted);
        return new Result(clients, connected, connectSeconds, messages, measured, percentile(sorted, 50), percentile(sorted, 99),
                recorded == 0 ? 0 : sorted[recorded - 1], errors, firstError);
    }

    private void read(SelectionKey key, SocketChannel channel, Conn conn, ByteBuffer buf, boolean connectsDone, long measureFrom)
            throws IOException {
        buf.clear();
        if (channel.read(buf) == -1) {
            throw new IOException("the server closed the connection");
        }
        long now = System.nanoTime();
        buf.flip();
        conn.answers = 0;
        conn.decoder.feed(buf, body -> {
            conn.answers++;
            conn.wrongAnswer |= !body.equals(expected);
        });
        if (conn.wrongAnswer || conn.answers > 1) {
            throw new IOException("a wrong answer: not the 64 upper-case letters sent, once");
        }
        if (conn.answers == 1) {
            if (connectsDone && now - measureFrom >= 0) { // nanoTime is compared by difference: it may be negative
                messages++;
                record((now - conn.sentAt) / 1_000);
            }
            if (perClient > 0 && ++conn.answered == perClient) {
                key.cancel(); // counting: this one has had all its answers
                channel.close();
                return;
            }
            send(key, conn);
        }
    }

    private void record(long micros) {
        if (recorded == latencies.length) {
            latencies = Arrays.copyOf(latencies, recorded * 2);
        }
        latencies[recorded++] = micros;
    }

    private void send(SelectionKey key, Conn conn) throws IOException {
        conn.sentAt = System.nanoTime();
        conn.pending = ByteBuffer.wrap(frame);
        flush(key, conn);
    }

    /** Writes what the socket takes; asks for OP_WRITE only while some of the frame is left. */
    private static void flush(SelectionKey key, Conn conn) throws IOException {
        ((SocketChannel) key.channel()).write(conn.pending);
        key.interestOps(conn.pending.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void error(IOException e) {
        errors++;
        if (firstError == null) {
            firstError = e.toString();
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar load} (start a server first). */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("load", args));
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
