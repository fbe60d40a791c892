package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Python's {@code socketserver.BaseServer}: the request loop, apart from what a request is.
 *
 * <pre>
 * serveForever(): while not shut down: handleRequestNoBlock()
 *   getRequest() → verifyRequest() → processRequest() → finishRequest() (the handler) → shutdownRequest()
 *   on an exception: handleError(), and the loop goes on
 * </pre>
 *
 * A server binds in its constructor, so {@link #address()} gives the real port at once (port 0
 * picks a free one). Run {@link #serveForever()} on one thread and call {@link #shutdown()} or
 * {@link #close()} from another; try-with-resources closes it like Python's {@code with}.
 *
 * @param <R> the request: a connected {@code Socket} (TCP) or a {@link Datagram} (UDP)
 */
public abstract class BaseServer<R> implements AutoCloseable {

    /** A request as {@link #getRequest()} returns it: the request and who sent it. */
    protected record Incoming<R>(R request, InetSocketAddress clientAddress) { }

    /** How long the loop pauses after a failed {@link #getRequest()}: one log line per episode, not a spin. */
    static final long PAUSE_MILLIS = 100;

    private final HandlerFactory<R> handlerFactory; // Python's self.RequestHandlerClass
    private final Consumer<String> log;              // a line per event: System.err::println, or a list in a test
    private final AtomicReference<Thread> loopThread = new AtomicReference<>();
    private final CompletableFuture<Void> isShutDown = new CompletableFuture<>(); // Python's __is_shut_down
    private volatile boolean shutdownRequest;                        // Python's __shutdown_request
    private int failedInARow;                                        // getRequest() failures since the last request

    protected BaseServer(HandlerFactory<R> handlerFactory, Consumer<String> log) {
        this.handlerFactory = Objects.requireNonNull(handlerFactory, "handlerFactory");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Where the server listens: the port the kernel chose, for port 0 (Python's {@code server_address}). */
    public abstract InetSocketAddress address();

    /** Handles requests, one after another, until {@link #shutdown()} (or until its socket is closed). */
    public void serveForever() {
        if (!loopThread.compareAndSet(null, Thread.currentThread())) {
            throw new IllegalStateException("serveForever() runs already, or has run: one loop per server");
        }
        try {
            while (!shutdownRequest && handleRequestNoBlock()) { }
        } finally {
            isShutDown.complete(null);
        }
    }

    /** Python's {@code _handle_request_noblock}: takes one request and hands it on; false once the socket is closed. */
    private boolean handleRequestNoBlock() {
        Incoming<R> incoming;
        try {
            incoming = getRequest();
        } catch (IOException e) {
            if (!isOpen()) {
                return false; // closed: how shutdown() wakes the loop
            }
            if (failedInARow++ == 0) { // out of descriptors ("Too many open files"): accept fails at once, again and again
                log("could not take a request: " + e + " (pausing " + PAUSE_MILLIS + " ms between tries until it works)");
            }
            LockSupport.parkNanos(PAUSE_MILLIS * 1_000_000L); // no spinning at a full core; shutdown() unparks
            return true;
        }
        if (failedInARow > 0) {
            log("taking requests again after " + failedInARow + " failed tries");
            failedInARow = 0;
        }
        R request = incoming.request();
        InetSocketAddress clientAddress = incoming.clientAddress();
        if (verifyRequest(request, clientAddress)) {
            try {
                processRequest(request, clientAddress);
                return true;
            } catch (Exception e) {
                handleError(request, clientAddress, e);
            }
        }
        shutdownRequest(request);
        return true;
    }

    /** Waits for the next request: Python's {@code get_request}. */
    protected abstract Incoming<R> getRequest() throws IOException;

    /** Whether to serve this request at all (false: it is closed unanswered). Python's {@code verify_request}. */
    protected boolean verifyRequest(R request, InetSocketAddress clientAddress) {
        return true;
    }

    /** Python's {@code process_request}: here, on the loop's thread (one client at a time); threading subclasses override it. */
    protected void processRequest(R request, InetSocketAddress clientAddress) throws Exception {
        finishRequest(request, clientAddress);
        shutdownRequest(request);
    }

    /** Python's {@code ThreadingMixIn.process_request_thread}: the same, for a request on another thread. */
    protected final void processRequestThread(R request, InetSocketAddress clientAddress) {
        try {
            finishRequest(request, clientAddress);
        } catch (Exception e) {
            handleError(request, clientAddress, e);
        } finally {
            shutdownRequest(request);
        }
    }

    /** Python's {@code finish_request}: makes this request's handler and runs it. */
    protected final void finishRequest(R request, InetSocketAddress clientAddress) throws Exception {
        handlerFactory.newHandler().handleRequest(request, clientAddress, this);
    }

    /** Ends a request after its handler: closes the connection (nothing for UDP). Python's {@code shutdown_request}. */
    protected abstract void shutdownRequest(R request);

    /** A handler threw: Python's {@code handle_error}. Logs it with the client's address; the caller closes the request. */
    protected void handleError(R request, InetSocketAddress clientAddress, Exception e) {
        log("error while handling a request from " + format(clientAddress) + ": " + e);
    }

    /**
     * Python's {@code shutdown()}: no new request is taken, and this returns once
     * {@link #serveForever()} has returned (at once if it never ran). Requests running on other
     * threads go on: {@link #close()} ends them. Python's loop polls its flag every 0.5 s; ours
     * closes the socket, so a blocked {@code accept} throws at once.
     *
     * @throws IllegalStateException on the loop's own thread (a {@link TcpServer} handler), which
     *         would wait for itself (Python deadlocks there)
     */
    public void shutdown() {
        if (loopThread.get() == Thread.currentThread() && !isShutDown.isDone()) {
            throw new IllegalStateException("shutdown() from the server's own thread would wait for itself:"
                    + " call it from another thread, e.g. new Thread(server::shutdown).start()");
        }
        shutdownRequest = true;
        closeSocket();
        LockSupport.unpark(loopThread.get()); // in case it pauses after a failed accept
        if (loopThread.get() != null) { // read after the flag: a loop that starts later sees the flag
            isShutDown.join();             // waits even if interrupted (the flag stays set)
        }
    }

    /** Python's {@code server_close()}, which {@code with} calls: here {@link #shutdown()}; subclasses close what they own. */
    @Override
    public void close() {
        shutdown();
    }

    /** Whether the server's socket is still open: the loop ends when it is not. */
    protected abstract boolean isOpen();

    /** Closes the server's socket: a blocked {@link #getRequest()} throws at once. Again: nothing. */
    protected abstract void closeSocket();

    /** Writes one line to the server's log. */
    public final void log(String line) {
        log.accept(line);
    }

    /** {@code 127.0.0.1:9000}, as every program of the course prints an address. */
    public static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
