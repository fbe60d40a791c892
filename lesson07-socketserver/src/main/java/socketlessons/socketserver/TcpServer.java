package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Python's {@code socketserver.TCPServer}: one request (one connected client) at a time, on
 * the thread that runs {@link #serveForever()}. While a handler talks to one client, the next
 * waits in the backlog: lesson02's §4.3 problem. {@link ThreadingTcpServer} lifts it.
 */
public class TcpServer extends BaseServer<Socket> {

    /** Settings with Python's names. */
    public static final class Options {
        /**
         * Python's {@code allow_reuse_address}: SO_REUSEADDR, so a restarted server can bind
         * while old connections sit in TIME_WAIT. Python's default is False; ours is true.
         */
        public boolean allowReuseAddress = true;
        /** Python's {@code request_queue_size}: the listen backlog. */
        public int requestQueueSize = 50;
        /** Python's {@code StreamRequestHandler.timeout}: a client silent this long is cut off; 0 waits forever. */
        public Duration timeout = Duration.ZERO;
        /** How long {@link #shutdown()} lets running handlers finish before it closes their connections. */
        public Duration shutdownGrace = Duration.ofSeconds(5);

        public Options timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Options shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Options allowReuseAddress(boolean value) {
            allowReuseAddress = value;
            return this;
        }
    }

    protected final Options options;
    private final ServerSocket socket; // Python's self.socket
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public TcpServer(InetSocketAddress address, Supplier<? extends BaseRequestHandler<Socket>> handlerClass,
            Options options, Consumer<String> log) throws IOException {
        super(handlerClass, log);
        this.options = options;
        socket = new ServerSocket();
        try {
            socket.setReuseAddress(options.allowReuseAddress); // server_bind: before bind
            socket.bind(address, options.requestQueueSize);    // server_bind + server_activate (listen)
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    protected Incoming<Socket> getRequest() throws IOException {
        Socket conn = socket.accept();
        open.add(conn);
        conn.setSoTimeout((int) options.timeout.toMillis());
        return new Incoming<>(conn, (InetSocketAddress) conn.getRemoteSocketAddress());
    }

    @Override
    protected void shutdownRequest(Socket request) {
        try {
            request.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        } finally {
            open.remove(request);
        }
    }

    @Override
    protected void stopAccepting() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Connections being handled now (for tests and demos). */
    public int openConnections() {
        return open.size();
    }

    /**
     * Stops accepting at once; lets running handlers finish within the grace period; then
     * closes the connections that are left (their handlers' reads fail and they end), and
     * waits for every handler thread to be gone.
     */
    @Override
    public void shutdown() throws InterruptedException {
        requestShutdown();
        long deadline = System.nanoTime() + options.shutdownGrace.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (Socket conn : open) {
            log("shutdown: closing the connection of " + format((InetSocketAddress) conn.getRemoteSocketAddress()));
            shutdownRequest(conn);
        }
        awaitServeForeverExit();
        awaitHandlerThreads();
    }

    /** Waits for handler threads other than serveForever's own: none here. */
    protected void awaitHandlerThreads() throws InterruptedException {
    }
}
