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
import java.util.function.Consumer;

/**
 * A framed echo service: each frame that comes in goes back as one frame. A thread per
 * client (lesson07 explains that design); a client that sends a bad frame is told nothing
 * more (the stream can no longer be trusted), logged, and closed, while the others go on.
 */
public final class FramedEchoServer implements AutoCloseable {

    /** A client silent for this long is hung up on. */
    static final int IDLE_TIMEOUT_MILLIS = 60_000;

    private final ServerSocket serverSocket;
    private final LengthPrefixCodec codec;
    private final Consumer<String> log;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    public FramedEchoServer(String host, int port, LengthPrefixCodec codec, Consumer<String> log) throws IOException {
        this.codec = codec;
        this.log = log;
        this.serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), 50);
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
                Thread thread = new Thread(() -> echo(conn), "echo " + conn.getRemoteSocketAddress());
                thread.setDaemon(true);
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
            InputStream in = new BufferedInputStream(conn.getInputStream());
            OutputStream out = new BufferedOutputStream(conn.getOutputStream());
            byte[] body;
            while ((body = codec.readFrame(in)) != null) {
                codec.writeFrame(out, body);
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

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket conn : clients) {
            conn.close();
        }
    }
}
