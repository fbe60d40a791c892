package socketlessons.nonblocking;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The same framed uppercase echo with blocking sockets, one client at a time: lesson02's
 * server, where a second client waits until the first has gone (§4.3 通信占用). The other way
 * before selectors, a thread per client, is {@link ThreadPerClientEchoServer}.
 */
public final class BlockingEchoServer implements EchoServer {

    /** A client that says nothing for this long is let go: its thread is not free. */
    static final int READ_TIMEOUT_MILLIS = 5 * 60 * 1000;

    private final ServerSocket serverSocket;
    private final InetSocketAddress address;
    private final LengthPrefixCodec codec;
    private final Consumer<String> log;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public BlockingEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log) throws IOException {
        this.codec = codec;
        this.log = log;
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(address, 4096);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        this.address = (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public BlockingEchoServer start() {
        Thread thread = new Thread(this::serveForever, "blocking-accept");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void serveForever() {
        AcceptPause acceptPause = new AcceptPause(log);
        while (!serverSocket.isClosed()) {
            Socket conn;
            try {
                conn = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    pause(acceptPause.failed(e)); // out of file descriptors, most often: not at once, forever
                }
                continue;
            }
            acceptPause.accepted();
            open.add(conn);
            echo(conn); // the next accept() waits until this client has gone
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void echo(Socket conn) {
        try (conn) {
            conn.setSoTimeout(READ_TIMEOUT_MILLIS);
            conn.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(conn.getInputStream());
            OutputStream out = new BufferedOutputStream(conn.getOutputStream());
            byte[] body;
            while ((body = codec.readFrame(in)) != null) { // blocks: this one thread serves this client only
                Upper.inPlace(ByteBuffer.wrap(body));
                codec.writeFrame(out, body); // blocks too, while the client does not read
            }
        } catch (IOException e) {
            if (!serverSocket.isClosed()) {
                log.accept("closing " + conn.getRemoteSocketAddress() + ": " + e);
            }
        } finally {
            open.remove(conn);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket conn : open) {
            conn.close();
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar thread-server --one-at-a-time}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("thread-server", Launcher.prepend("--one-at-a-time", args)));
    }
}
