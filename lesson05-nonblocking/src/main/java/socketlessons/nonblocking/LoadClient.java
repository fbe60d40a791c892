package socketlessons.nonblocking;

import java.io.IOException;
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
 * {@code load}: N connections from one thread and one selector (10,000 threads would need
 * 10,000 stacks; a selector needs none). Each connection sends a framed 64-byte message,
 * waits for its answer, and sends the next, until the time is up: one message in flight per
 * connection. Reports messages per second, latency percentiles and errors.
 */
public final class LoadClient {

    /** What a run measured. */
    public record Result(int clients, int connected, long messages, double seconds, long p50Micros, long p99Micros,
            long maxMicros, long errors) {

        public double messagesPerSecond() {
            return messages / seconds;
        }

        @Override
        public String toString() {
            return String.format("clients %,d (connected %,d): %,.0f messages/s, latency p50 %,d µs, p99 %,d µs, max %,d µs, errors %,d",
                    clients, connected, messagesPerSecond(), p50Micros, p99Micros, maxMicros, errors);
        }
    }

    private static final int BODY = 64;
    private static final int CONNECT_BATCH = 256;

    private static final class Conn {
        final FrameDecoder decoder = new FrameDecoder(java.nio.ByteOrder.BIG_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        ByteBuffer pending;
        long sentAt;
    }

    private final InetSocketAddress server;
    private final int clients;
    private final double warmupSeconds;
    private final double seconds;
    private final byte[] frame;

    public LoadClient(InetSocketAddress server, int clients, double warmupSeconds, double seconds) {
        this.server = server;
        this.clients = clients;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        byte[] body = new byte[BODY];
        Arrays.fill(body, (byte) 'x');
        this.frame = new LengthPrefixCodec().encode(body);
    }

    public Result run() throws IOException {
        long[] latencies = new long[1 << 20];
        int recorded = 0;
        long messages = 0;
        long errors = 0;
        int connected = 0;
        int opened = 0;
        try (Selector selector = Selector.open()) {
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmupSeconds * 1e9);
            long end = measureFrom + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                // Open connections in batches, so the server's backlog is not flooded all at once.
                if (opened < clients && opened - connected < CONNECT_BATCH) {
                    int batch = Math.min(CONNECT_BATCH, clients - opened);
                    for (int i = 0; i < batch; i++, opened++) {
                        SocketChannel channel = SocketChannel.open();
                        channel.configureBlocking(false);
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        channel.connect(server);
                        channel.register(selector, SelectionKey.OP_CONNECT, new Conn());
                    }
                }
                selector.select(10);
                long now = System.nanoTime();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    SocketChannel channel = (SocketChannel) key.channel();
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            channel.finishConnect();
                            connected++;
                            key.interestOps(SelectionKey.OP_READ);
                            send(key, conn, now);
                        } else if (key.isReadable()) {
                            buf.clear();
                            if (channel.read(buf) == -1) {
                                throw new IOException("the server closed the connection");
                            }
                            buf.flip();
                            int[] answers = {0};
                            conn.decoder.feed(buf, body -> answers[0]++);
                            if (answers[0] > 0) {
                                if (now >= measureFrom) {
                                    messages++;
                                    if (recorded == latencies.length) {
                                        latencies = Arrays.copyOf(latencies, recorded * 2);
                                    }
                                    latencies[recorded++] = (now - conn.sentAt) / 1_000;
                                }
                                send(key, conn, now);
                            }
                        } else if (key.isWritable()) {
                            flush(key, conn);
                        }
                    } catch (IOException e) {
                        errors++;
                        key.cancel();
                        channel.close();
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
        long[] sorted = Arrays.copyOf(latencies, recorded);
        Arrays.sort(sorted);
        return new Result(clients, connected, messages, seconds, percentile(sorted, 50), percentile(sorted, 99),
                recorded == 0 ? 0 : sorted[recorded - 1], errors);
    }

    private void send(SelectionKey key, Conn conn, long now) throws IOException {
        conn.sentAt = now;
        conn.pending = ByteBuffer.wrap(frame);
        flush(key, conn);
    }

    private static void flush(SelectionKey key, Conn conn) throws IOException {
        ((SocketChannel) key.channel()).write(conn.pending);
        key.interestOps(conn.pending.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
