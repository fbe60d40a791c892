package socketlessons.sticky;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import socketlessons.basics.Deadlines;
import socketlessons.basics.cli.Cli;

/**
 * A framed echo service: each frame that comes in goes back as one frame. A thread per
 * client (lesson07 explains that design); a client that sends a bad frame is told nothing
 * more (the stream can no longer be trusted), logged, and closed, while the others go on.
 *
 * <p>The threads come from a {@link ThreadFactory}: platform threads by default, virtual ones
 * on JDK 21 with {@code Thread.ofVirtual().factory()} (lesson05 compares the two).
 *
 * <p>Two limits keep a stranger from holding a thread: {@code setSoTimeout} hangs up on a
 * client silent between frames, and a {@link Deadlines deadline} per frame closes the
 * connection when a frame and its echo take too long, which is what cuts off a client that
 * stops reading (our blocked {@code write} has no timeout of its own) or drips its bytes
 * (each read succeeds, so the read timeout never trips). lesson07 teaches the pattern.
 */
public final class FramedEchoServer implements AutoCloseable {

    /** A client silent for this long between frames is hung up on; a frame and its echo may take as long. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Connections the kernel may hold finished but not yet accepted (it caps this at somaxconn). */
    static final int BACKLOG = 4096;

    private final ServerSocket serverSocket;
    private final LengthPrefixCodec codec;
    private final Consumer<String> log;
    private final ThreadFactory threads;
    private final UnaryOperator<byte[]> reply;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Deadlines deadlines = new Deadlines("echo");
    private volatile Duration silence = TIMEOUT;
    private volatile Duration frameLimit = TIMEOUT;

    /** An echo server on platform threads, one per client. */
    public FramedEchoServer(String host, int port, LengthPrefixCodec codec, Consumer<String> log) throws IOException {
        this(host, port, codec, log, FramedEchoServer::daemonThread);
    }

    /** An echo server whose clients are each served on a thread from {@code threads}. */
    public FramedEchoServer(String host, int port, LengthPrefixCodec codec, Consumer<String> log, ThreadFactory threads)
            throws IOException {
        this(host, port, codec, log, threads, UnaryOperator.identity());
    }

    /** A server that answers each frame's body with {@code reply(body)} (lesson05 upper-cases it), on {@code threads}. */
    public FramedEchoServer(String host, int port, LengthPrefixCodec codec, Consumer<String> log, ThreadFactory threads,
            UnaryOperator<byte[]> reply) throws IOException {
        this.codec = codec;
        this.log = log;
        this.threads = threads;
        this.reply = reply;
        this.serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    public static void main(String[] args) {
        Launcher.main(Cli.prepend("server", args));
    }

    /**
     * How long a client may stay silent between frames, and how long a frame it began and its
     * echo may take (60 s each unless set here, before {@link #start()}). A frame limit of zero
     * is none: a client that stops reading then holds its thread for good (the reproduction).
     */
    public FramedEchoServer timeouts(Duration silence, Duration frame) {
        this.silence = silence;
        this.frameLimit = frame;
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Accepts clients until closed, each on a thread of its own. */
    public void serveForever() {
        int failed = 0; // accepts failed in a row: out of descriptors ("Too many open files"), say
        while (!serverSocket.isClosed()) {
            try {
                Socket conn = serverSocket.accept();
                if (failed > 0) {
                    log.accept("accepting again after " + failed + " failed accepts");
                    failed = 0;
                }
                clients.add(conn);
                Thread thread = threads.newThread(() -> echo(conn));
                thread.setName("echo " + conn.getRemoteSocketAddress());
                thread.start();
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return;
                }
                if (failed++ == 0) { // once per episode, not 60,000 lines a second
                    log.accept("accept failed: " + e.getMessage() + "; trying again every 100 ms (said once, until an accept works)");
                }
                try {
                    Thread.sleep(100); // a retry at once would fail at once: wait for a client to leave
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Starts {@link #serveForever()} on a thread of its own, for tests and demos. */
    public FramedEchoServer start() {
        Thread thread = new Thread(this::serveForever, "echo-accept");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void echo(Socket conn) {
        String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
        try (conn) {
            conn.setSoTimeout((int) silence.toMillis());
            conn.setTcpNoDelay(true); // a big frame's body must not wait for the ACK of its header (Nagle)
            InputStream in = new BufferedInputStream(conn.getInputStream());
            OutputStream out = new BufferedOutputStream(conn.getOutputStream());
            while (frameBegins(in)) {
                Deadlines.Deadline deadline = deadlines.start(conn, frameLimit);
                try (deadline) {
                    codec.writeFrame(out, reply.apply(codec.readFrame(in)));
                } catch (IOException e) {
                    if (!deadline.expired()) {
                        throw e;
                    }
                    log.accept("closing " + peer + ": cut off, a frame and its echo took more than " + seconds(frameLimit)
                            + " (it sends too slowly, or does not read)");
                    return;
                }
            }
        } catch (FrameException e) {
            log.accept("closing " + peer + ": " + e.getMessage());
        } catch (SocketTimeoutException e) {
            log.accept("closing " + peer + ": silent for " + seconds(silence));
        } catch (IOException e) {
            log.accept("lost " + peer + ": " + e);
        } finally {
            clients.remove(conn);
        }
    }

    /** Waits (at most the silence timeout) for the first byte of a frame; false at the end of the stream. */
    private static boolean frameBegins(InputStream in) throws IOException {
        in.mark(1);
        int first = in.read();
        in.reset();
        return first != -1;
    }

    private static String seconds(Duration limit) {
        long millis = limit.toMillis();
        return (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0)) + " s";
    }

    private static Thread daemonThread(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        deadlines.close();
        for (Socket conn : clients) {
            conn.close();
        }
    }
}
