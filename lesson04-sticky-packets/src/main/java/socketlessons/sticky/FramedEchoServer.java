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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A framed echo service: each frame that comes in goes back as one frame. A thread per
 * client (lesson07 explains that design); a client that sends a bad frame is told nothing
 * more (the stream can no longer be trusted), logged, and closed, while the others go on.
 *
 * <p>The threads come from a {@link ThreadFactory}: platform threads by default, virtual ones
 * on JDK 21 with {@code Thread.ofVirtual().factory()} (lesson05 compares the two).
 */
public final class FramedEchoServer implements AutoCloseable {

    /** A client silent for this long is hung up on. */
    static final int IDLE_TIMEOUT_MILLIS = 60_000;

    /** Connections the kernel may hold finished but not yet accepted (it caps this at somaxconn). */
    static final int BACKLOG = 4096;

    private final ServerSocket serverSocket;
    private final LengthPrefixCodec codec;
    private final Consumer<String> log;
    private final ThreadFactory threads;
    private final UnaryOperator<byte[]> reply;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

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
        Launcher.main(Launcher.prepend("server", args));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Accepts clients until closed, each on a thread of its own. */
    public void serveForever() {
        while (!serverSocket.isClosed()) {
            try {
                Socket conn = serverSocket.accept();
                clients.add(conn);
                Thread thread = threads.newThread(() -> echo(conn));
                thread.setName("echo " + conn.getRemoteSocketAddress());
                thread.start();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    log.accept("accept failed: " + e);
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
            conn.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            conn.setTcpNoDelay(true); // a big frame's body must not wait for the ACK of its header (Nagle)
            InputStream in = new BufferedInputStream(conn.getInputStream());
            OutputStream out = new BufferedOutputStream(conn.getOutputStream());
            byte[] body;
            while ((body = codec.readFrame(in)) != null) {
                codec.writeFrame(out, reply.apply(body));
            }
        } catch (FrameException e) {
            log.accept("closing " + peer + ": " + e.getMessage());
        } catch (SocketTimeoutException e) {
            log.accept("closing " + peer + ": silent for " + IDLE_TIMEOUT_MILLIS / 1000 + " s");
        } catch (IOException e) {
            log.accept("lost " + peer + ": " + e);
        } finally {
            clients.remove(conn);
        }
    }

    private static Thread daemonThread(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket conn : clients) {
            conn.close();
        }
    }
}
