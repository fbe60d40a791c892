package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Python's {@code socketserver.TCPServer}: owns the listening socket; a request is one connected
 * client, handled on the thread that runs {@link #serveForever()}, so one client at a time.
 * While a handler talks to one client, the next one's handshake is done by the kernel and it
 * waits in the backlog for {@code accept}: lesson02's §4.3 problem. {@link ThreadingTcpServer}
 * lifts it.
 *
 * <p>{@link #shutdown()} closes the listening socket at once (new clients get
 * {@code Connection refused}), gives running handlers {@link Options#shutdownGrace()} to finish,
 * closes the connections that are left (their handlers' reads fail, and they end), and returns
 * when no handler is running.
 */
public class TcpServer extends BaseServer<Socket> {

    /**
     * Settings, with Python's names where Python has them. Immutable: each method returns a
     * copy, {@code new TcpServer.Options().timeout(Duration.ofSeconds(30)).shutdownGrace(Duration.ZERO)}.
     *
     * @param allowReuseAddress Python's {@code allow_reuse_address}: SO_REUSEADDR, so a restarted
     *        server binds while old connections sit in TIME_WAIT. Default: Java's own default,
     *        true on Linux and macOS, false on Windows (where it would let a second server take
     *        the port). Python's default is False.
     * @param requestQueueSize Python's {@code request_queue_size}: the listen backlog (default 50; Python's 5)
     * @param timeout Python's {@code StreamRequestHandler.timeout}: a client silent this long is
     *        cut off; zero waits forever (the default, as Python's None)
     * @param shutdownGrace how long {@code shutdown()} lets running handlers finish before it
     *        closes their connections (default 2 s)
     */
    public record Options(boolean allowReuseAddress, int requestQueueSize, Duration timeout, Duration shutdownGrace) {

        private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

        public Options {
            if (requestQueueSize < 1) {
                throw new IllegalArgumentException("requestQueueSize must be at least 1, not " + requestQueueSize);
            }
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(shutdownGrace, "shutdownGrace");
            if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout must be between 0 and " + Integer.MAX_VALUE + " ms, not " + timeout);
            }
            if (shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative: " + shutdownGrace);
            }
        }

        /** The defaults. */
        public Options() {
            this(!WINDOWS, 50, Duration.ZERO, Duration.ofSeconds(2));
        }

        public Options allowReuseAddress(boolean value) {
            return new Options(value, requestQueueSize, timeout, shutdownGrace);
        }

        public Options requestQueueSize(int value) {
            return new Options(allowReuseAddress, value, timeout, shutdownGrace);
        }

        public Options timeout(Duration value) {
            return new Options(allowReuseAddress, requestQueueSize, value, shutdownGrace);
        }

        public Options shutdownGrace(Duration value) {
            return new Options(allowReuseAddress, requestQueueSize, timeout, value);
        }
    }

    protected final Options options;
    private final ServerSocket socket; // Python's self.socket: the listening socket (the course's sk)
    private final InetSocketAddress boundAddress;
    private final Set<Socket> connections = new HashSet<>(); // accepted and not closed yet; guarded by itself
    private boolean closingConnections;                       // shutdown's grace is over; guarded by connections

    /**
     * Binds and listens at once: Python's {@code TCPServer(server_address, RequestHandlerClass)}.
     *
     * @param log where errors, cut-offs and shutdown are reported, one line each
     * @throws java.net.BindException when the port is in use
     */
    public TcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory, Options options, Consumer<String> log)
            throws IOException {
        super(handlerFactory, log);
        this.options = Objects.requireNonNull(options, "options");
        socket = new ServerSocket();
        try {
            socket.setReuseAddress(options.allowReuseAddress()); // server_bind: must come before bind
            socket.bind(address, options.requestQueueSize());    // server_bind + server_activate: bind, listen(backlog)
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        boundAddress = (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** With the default options, logging to standard error as Python's {@code handle_error} does. */
    public TcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory) throws IOException {
        this(address, handlerFactory, new Options(), System.err::println);
    }

    @Override
    public InetSocketAddress address() {
        return boundAddress;
    }

    @Override
    protected Incoming<Socket> getRequest() throws IOException {
        // The kernel finished the handshake already; accept() only takes it off the backlog.
        Socket conn = socket.accept();
        synchronized (connections) {
            if (closingConnections) { // accepted just as shutdown closed the rest: close this one too
                conn.close();
                throw new SocketException("the server is shutting down");
            }
            connections.add(conn);
        }
        try {
            conn.setSoTimeout((int) options.timeout().toMillis()); // every read a handler does waits at most this long
            return new Incoming<>(conn, (InetSocketAddress) conn.getRemoteSocketAddress());
        } catch (IOException e) {
            shutdownRequest(conn);
            throw e;
        }
    }

    @Override
    protected void shutdownRequest(Socket request) {
        try {
            request.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        synchronized (connections) {
            connections.remove(request);
            connections.notifyAll();
        }
    }

    @Override
    protected boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    protected void stopAccepting() {
        try {
            socket.close(); // a blocked accept() throws at once; new clients get Connection refused
        } catch (IOException ignored) {
            // closed already
        }
    }

    /** A silent client is reported as cut off; a connection that shutdown closed was reported by shutdown. */
    @Override
    protected void handleError(Socket request, InetSocketAddress clientAddress, Exception e) {
        if (request.isClosed() && closingConnections()) {
            return;
        }
        if (e instanceof SocketTimeoutException && !options.timeout().isZero()) {
            log("closing " + format(clientAddress) + ": silent for longer than " + options.timeout().toMillis()
                    + " ms (the handler timeout)");
            return;
        }
        super.handleError(request, clientAddress, e);
    }

    /** Clients accepted and not closed yet: being served, or waiting for a thread. */
    public int openConnections() {
        synchronized (connections) {
            return connections.size();
        }
    }

    @Override
    protected final boolean finishRunningRequests() {
        long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
        dropWaitingRequests();
        boolean interrupted = !awaitConnectionsClosed(deadline);
        List<Socket> left;
        synchronized (connections) {
            closingConnections = true;
            left = new ArrayList<>(connections);
        }
        for (Socket conn : left) {
            log("shutdown: closing the connection of " + format((InetSocketAddress) conn.getRemoteSocketAddress()));
            shutdownRequest(conn);
        }
        // The loop may have accepted one last client just before the listening socket closed:
        // once serveForever has returned, every handler thread there will ever be has started.
        interrupted |= awaitServeForeverReturned();
        return stopHandlerThreads() | interrupted;
    }

    /** Waits until every connection is closed or the deadline passes; false if interrupted (it stops waiting). */
    private boolean awaitConnectionsClosed(long deadlineNanos) {
        synchronized (connections) {
            while (!connections.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(connections, left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return true;
        }
    }

    private boolean closingConnections() {
        synchronized (connections) {
            return closingConnections;
        }
    }

    /** Shutdown has begun: close requests that no handler has started yet. Nothing waits here. */
    protected void dropWaitingRequests() {
    }

    /**
     * Shutdown's grace is over and every connection is closed: stop the handler threads and
     * wait until they are gone. Returns whether the caller was interrupted meanwhile. Here
     * there are none: the handler runs on the loop's thread.
     */
    protected boolean stopHandlerThreads() {
        return false;
    }

    /** {@code socketserver 127.0.0.1:9000 <role>}: whose thread it is, in a thread dump. */
    protected final String threadName(String role) {
        return "socketserver " + format(boundAddress) + " " + role;
    }
}
