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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * JDK 21+: blocking code, one virtual thread per client. The code is lesson07's thread per
 * client; underneath, a {@code read} that would block parks the virtual thread and frees its
 * carrier (the JDK registers the socket with its own epoll poller and resumes the thread when
 * bytes come), so 10,000 clients cost 10,000 small stacks on the heap, not 10,000 OS threads.
 *
 * <p>Compiled only on JDK 21 or newer (the {@code virtual-threads} profile of this module's
 * pom); the launcher finds it by name, so the lesson still builds and runs on Java 17.
 */
public final class VirtualThreadEchoServer implements EchoServer {

    private final ServerSocket serverSocket = new ServerSocket();
    private final InetSocketAddress address;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final LengthPrefixCodec codec;
    private final Consumer<String> log;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public VirtualThreadEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log) throws IOException {
        this.codec = codec;
        this.log = log;
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
    public VirtualThreadEchoServer start() {
        Thread.ofVirtual().name("vt-accept").start(this::serveForever);
        return this;
    }

    private void serveForever() {
        AcceptPause acceptPause = new AcceptPause(log);
        while (!serverSocket.isClosed()) {
            try {
                Socket conn = serverSocket.accept();
                acceptPause.accepted();
                open.add(conn);
                threads.submit(() -> echo(conn)); // one virtual thread per client
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    try {
                        Thread.sleep(acceptPause.failed(e)); // out of file descriptors, most often: not at once, forever
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    private void echo(Socket conn) {
        try (conn) {
            conn.setSoTimeout((int) AioEchoServer.IDLE_TIMEOUT_MILLIS);
            conn.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(conn.getInputStream());
            OutputStream out = new BufferedOutputStream(conn.getOutputStream());
            byte[] body;
            while ((body = codec.readFrame(in)) != null) { // parks the virtual thread, not its carrier
                Upper.inPlace(ByteBuffer.wrap(body));
                codec.writeFrame(out, body);
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
        threads.shutdown();
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar vt-server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("vt-server", args));
    }
}
