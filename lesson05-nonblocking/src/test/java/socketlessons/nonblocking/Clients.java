package socketlessons.nonblocking;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The tests' clients: plain blocking sockets speaking lesson04's frames, every one closed at
 * the end of the test (a test class holds one in an {@code @AutoClose} field), servers last.
 */
final class Clients implements AutoCloseable {

    static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    final LengthPrefixCodec codec = new LengthPrefixCodec();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<Socket, InputStream> inputs = new ConcurrentHashMap<>();

    /** Something a client does that may block (a write to a server that does not read), on a thread of its own. */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    /**
     * Runs {@code task} on a new daemon thread, not on the common pool: a blocked task must not
     * take a thread others need. It ends when the test closes its sockets, if not before.
     */
    static CompletableFuture<Void> inBackground(Task task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "test client");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    synchronized <T extends AutoCloseable> T closeLater(T closeable) {
        open.add(closeable);
        return closeable;
    }

    Socket connect(InetSocketAddress server) throws IOException {
        return connect(server, 0);
    }

    /** A client; a receive buffer above 0 is set before connecting, as TCP's window needs. */
    Socket connect(InetSocketAddress server, int receiveBuffer) throws IOException {
        Socket sk = closeLater(new Socket());
        if (receiveBuffer > 0) {
            sk.setReceiveBufferSize(receiveBuffer);
        }
        sk.connect(server, 5_000);
        sk.setSoTimeout(10_000);
        sk.setTcpNoDelay(true);
        return sk;
    }

    void send(Socket sk, String text) throws IOException {
        codec.writeFrame(sk.getOutputStream(), text.getBytes(StandardCharsets.UTF_8));
    }

    String receive(Socket sk) throws IOException {
        byte[] body = codec.readFrame(in(sk));
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    String ask(Socket sk, String text) throws IOException {
        send(sk, text);
        return receive(sk);
    }

    /** One buffered stream per socket, so that no byte read ahead is lost between calls. */
    InputStream in(Socket sk) {
        return inputs.computeIfAbsent(sk, s -> {
            try {
                return new BufferedInputStream(s.getInputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Awaitility, checking at once and then every 5 ms, for up to 10 s: the tests wait for events, not for time. */
    static ConditionFactory soon() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    /** The first 4 bytes of a frame whose body is {@code length} bytes long, big-endian. */
    static byte[] header(int length) {
        return java.nio.ByteBuffer.allocate(4).putInt(length).array();
    }

    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IOException("closing after the test", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
