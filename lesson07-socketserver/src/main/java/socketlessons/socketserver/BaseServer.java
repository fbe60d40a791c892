package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import socketlessons.basics.PeerText;

/**
 * Python's {@code socketserver.BaseServer}: the request loop, apart from what a request is.
 *
 * <pre>
 * serveForever(): while not shut down: handleRequestNoBlock()
 *   getRequest() → verifyRequest() → processRequest() → finishRequest() (the handler) → shutdownRequest()
 *   on an exception: handleError(), and the loop goes on
 * </pre>
 * A server binds in its constructor, so {@link #address()} gives the real port at once. Run
 * {@link #serveForever()} on one thread and {@link #shutdown()} or {@link #close()} (Python's
 * {@code with}) from another. {@code R}: a connected {@code Socket} (TCP) or a {@link Datagram} (UDP).
 */
public abstract class BaseServer<R> implements AutoCloseable {

    /** A request as {@link #getRequest()} returns it: the request and who sent it. */
    protected record Incoming<R>(R request, InetSocketAddress clientAddress) { }

    static final long PAUSE_MILLIS = 100; // after a failed getRequest(): a pause, not a spin

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

    /** Handles requests, one after another, until {@link #shutdown()}. */
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
            if (shutdownRequest) {
                return false; // the socket was closed: how shutdown() wakes the loop
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

    /** Python's {@code finish_request}: makes this request's handler and runs it. */
    protected final void finishRequest(R request, InetSocketAddress clientAddress) throws Exception {
        handlerFactory.newHandler().handleRequest(request, clientAddress, this);
    }

    /** Ends a request after its handler: closes the connection (nothing for UDP). Python's {@code shutdown_request}. */
    protected abstract void shutdownRequest(R request);

    /** A handler threw: Python's {@code handle_error}. Logs it with the client's address; the caller closes the request. */
    protected void handleError(R request, InetSocketAddress clientAddress, Exception e) {
        String text = e.toString(), quoted = PeerText.quote(text); // a message may carry the peer's text: "For input string: ..."
        log("error while handling a request from " + format(clientAddress) + ": " + (quoted.equals('"' + text + '"') ? text : quoted));
    }

    /**
     * Python's {@code shutdown()}: no new request, and returns once {@link #serveForever()} has (at once if
     * it never ran); requests on other threads go on. Throws on the loop's own thread (Python deadlocks).
     */
    public void shutdown() {
        if (loopThread.get() == Thread.currentThread() && !isShutDown.isDone()) {
            throw new IllegalStateException("shutdown() from the server's own thread would wait for itself:"
                    + " call it from another thread, e.g. new Thread(server::shutdown).start()");
        }
        stopAccepting();
        if (loopThread.get() != null) { // read after the flag: a loop that starts later sees the flag
            isShutDown.join();             // waits even if interrupted (the flag stays set)
        }
    }

    /** The flag, then the socket closed: Python polls its flag every 0.5 s; a closed socket wakes accept() at once. */
    protected final void stopAccepting() {
        shutdownRequest = true;
        closeSocket();
        LockSupport.unpark(loopThread.get()); // in case it pauses after a failed accept
    }

    /** Python's {@code server_close()} (what {@code with} calls): {@link #shutdown()}; subclasses close what they own. */
    @Override
    public void close() {
        shutdown();
    }

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
