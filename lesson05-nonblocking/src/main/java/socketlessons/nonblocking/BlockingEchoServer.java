package socketlessons.nonblocking;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The same framed uppercase echo with blocking sockets, the two ways before selectors:
 * one client at a time (lesson02's server: a second client waits), or a thread per client
 * (lesson07's: everyone is served, at one thread each). The comparison in the README.
 */
public final class BlockingEchoServer implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final LengthPrefixCodec codec;
    private final boolean threadPerClient;
    private final Consumer<String> log;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public BlockingEchoServer(InetSocketAddress address, LengthPrefixCodec codec, boolean threadPerClient, Consumer<String> log)
            throws IOException {
        this.codec = codec;
        this.threadPerClient = threadPerClient;
        this.log = log;
        serverSocket = new ServerSocket();
        serverSocket.bind(address, 4096);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    public BlockingEchoServer start() {
        Thread thread = new Thread(this::serveForever, "blocking-accept");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public void serveForever() {
        while (!serverSocket.isClosed()) {
            try {
                Socket conn = serverSocket.accept();
                open.add(conn);
                if (threadPerClient) {
                    Thread thread = new Thread(() -> echo(conn), "echo " + conn.getPort());
                    thread.setDaemon(true);
                    thread.start();
                } else {
                    echo(conn); // the next accept waits until this client has gone
                }
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    log.accept("accept: " + e);
                }
            }
        }
    }

    private void echo(Socket conn) {
        try (conn) {
            InputStream in = new BufferedInputStream(conn.getInputStream());
            OutputStream out = new BufferedOutputStream(conn.getOutputStream());
            byte[] body;
            while ((body = codec.readFrame(in)) != null) {
                java.nio.ByteBuffer upper = java.nio.ByteBuffer.wrap(body);
                Upper.inPlace(upper);
                codec.writeFrame(out, body);
            }
        } catch (IOException e) {
            log.accept("closing " + conn.getRemoteSocketAddress() + ": " + e.getMessage());
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
}
