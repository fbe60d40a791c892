package socketlessons.nonblocking;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * JDK 21+: blocking code, one virtual thread per client. The code reads like lesson07's
 * thread per client; underneath, a blocked read parks the virtual thread and frees its carrier
 * (the JDK waits on epoll for it), so 10,000 clients cost 10,000 small heap objects, not
 * 10,000 OS threads. Built only on JDK 21 or newer (a Maven profile); the launcher finds it by
 * name, so the lesson still builds and runs on Java 17.
 */
public final class VirtualThreadEchoServer implements AutoCloseable {

    private final ServerSocket serverSocket = new ServerSocket();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final LengthPrefixCodec codec;
    private final Consumer<String> log;

    public VirtualThreadEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log) throws IOException {
        this.codec = codec;
        this.log = log;
        serverSocket.bind(address, 4096);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    public void serveForever() {
        while (!serverSocket.isClosed()) {
            try {
                Socket conn = serverSocket.accept();
                threads.submit(() -> echo(conn)); // one virtual thread per client
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
                for (int i = 0; i < body.length; i++) {
                    if (body[i] >= 'a' && body[i] <= 'z') {
                        body[i] -= 32;
                    }
                }
                codec.writeFrame(out, body);
            }
        } catch (IOException e) {
            log.accept("closing " + conn.getRemoteSocketAddress() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        threads.shutdownNow();
    }
}
