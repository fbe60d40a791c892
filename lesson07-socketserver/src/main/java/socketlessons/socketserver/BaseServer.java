package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Python's {@code socketserver.BaseServer}: the request loop, apart from what a request is.
 *
 * <pre>
 * serveForever()                              serve_forever()
 *   while not shut down:
 *     handleRequestNoBlock()                    _handle_request_noblock()
 *       request = getRequest()                    get_request()       (accept, or recvfrom)
 *       verifyRequest(request, address)           verify_request()    (false: close it)
 *       processRequest(request, address)          process_request()   (here, or on a thread)
 *         finishRequest(request, address)           finish_request()  → handler: setup, handle, finish
 *         shutdownRequest(request)                  shutdown_request() (close the connection)
 *       on an exception: handleError(...)         handle_error()      (log it; go on)
 * </pre>
 *
 * Subclasses decide what a request is ({@link TcpServer}: a connection; {@link UdpServer}: a
 * datagram) and where it is handled (inline; {@link ThreadingTcpServer}: a thread per client;
 * {@link PooledTcpServer}: a bounded pool).
 *
 * <p>A server binds in its constructor, so {@link #address()} gives the real port at once (port
 * 0 picks a free one). Run {@link #serveForever()} on one thread and call {@link #shutdown()} or
 * {@link #close()} from another; try-with-resources closes it like Python's {@code with}.
 *
 * @param <R> the request type
 */
public abstract class BaseServer<R> implements AutoCloseable {

    /** A request as {@link #getRequest()} returns it: the request and who sent it. */
    protected record Incoming<R>(R request, InetSocketAddress clientAddress) {
    }

    private final HandlerFactory<R> handlerFactory; // Python's self.RequestHandlerClass
    private final Consumer<String> log;
    private final AtomicReference<Thread> loopThread = new AtomicReference<>();
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private volatile boolean shutdownRequested;

    /**
     * @param handlerFactory makes one handler per request
     * @param log where the server reports errors, cut-offs and shutdown, one line each
     *            ({@code System.err::println}, {@code console.out::println}, or a list in a test)
     */
    protected BaseServer(HandlerFactory<R> handlerFactory, Consumer<String> log) {
        this.handlerFactory = Objects.requireNonNull(handlerFactory, "handlerFactory");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Where the server listens: the port the kernel chose, for port 0 (Python's {@code server_address}). */
    public abstract InetSocketAddress address();

    /** Handles requests, one after another, until {@link #shutdown()} is called from another thread. */
    public void serveForever() {
        if (!loopThread.compareAndSet(null, Thread.currentThread())) {
            throw new IllegalStateException("serveForever() runs already, or has run: one loop per server");
        }
        try {
            while (!shutdownRequested && isOpen()) {
                handleRequestNoBlock();
            }
        } finally {
            loopEnded.countDown();
        }
    }

    /** Python's {@code _handle_request_noblock}: takes one request and hands it on; never throws an Exception. */
    private void handleRequestNoBlock() {
        Incoming<R> incoming;
        try {
            incoming = getRequest();
        } catch (IOException e) {
            if (!shutdownRequested) { // after shutdown, a failing accept is how the loop wakes up
                log("could not take a request: " + e);
            }
            return;
        }
        R request = incoming.request();
        InetSocketAddress clientAddress = incoming.clientAddress();
        if (!verifyRequest(request, clientAddress)) {
            shutdownRequest(request);
            return;
        }
        try {
            processRequest(request, clientAddress);
        } catch (Exception e) {
            handleError(request, clientAddress, e);
            shutdownRequest(request);
        }
    }

    /** Waits for the next request: Python's {@code get_request}. */
    protected abstract Incoming<R> getRequest() throws IOException;

    /** Whether to serve this request at all (false: it is closed unanswered). Python's {@code verify_request}. */
    protected boolean verifyRequest(R request, InetSocketAddress clientAddress) {
        return true;
    }

    /**
     * Python's {@code process_request}: here, on the loop's own thread, so the loop takes the
     * next request only when this one is done. Threading subclasses override it.
     */
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

    /**
     * A handler threw: Python's {@code handle_error}. Logs it with the client's address; the
     * server goes on, and the caller closes this request. Override it to report differently.
     */
    protected void handleError(R request, InetSocketAddress clientAddress, Exception e) {
        log("error while handling a request from " + format(clientAddress) + ": " + e);
    }

    /**
     * Stops the server and waits until it has stopped: no new request is taken from now on,
     * requests already running end as the subclass says ({@link TcpServer}: a grace period,
     * then their connections are closed), and {@link #serveForever()} has returned. Calling it
     * again does nothing more. Call it from another thread than the loop and the handlers (a
     * handler may start one: {@code new Thread(server::shutdown).start()}).
     *
     * <p>Python splits this between {@code shutdown()} (ends the loop) and
     * {@code server_close()} (closes the socket, joins handler threads).
     */
    public final void shutdown() {
        Thread caller = Thread.currentThread();
        if ((caller == loopThread.get() && loopEnded.getCount() > 0) || isHandlerThread(caller)) {
            throw new IllegalStateException("shutdown() from the server's own thread would wait for itself:"
                    + " call it from another thread, e.g. new Thread(server::shutdown).start()");
        }
        shutdownRequested = true;
        stopAccepting();
        boolean interrupted = finishRunningRequests();
        interrupted |= awaitServeForeverReturned();
        if (interrupted) {
            caller.interrupt(); // we waited anyway; the caller still learns it was interrupted
        }
    }

    /** The same as {@link #shutdown()}: try-with-resources stops the server (Python's {@code with}). */
    @Override
    public final void close() {
        shutdown();
    }

    /** Whether the server's socket is still open: the loop ends when it is not (closed by shutdown, or by anyone). */
    protected abstract boolean isOpen();

    /** Makes a blocked {@link #getRequest()} return at once: closes the listening socket. */
    protected abstract void stopAccepting();

    /**
     * Called by {@link #shutdown()} once no new request can come: ends the requests still
     * running and returns when none is left. Returns whether the calling thread was interrupted
     * while it waited. Nothing to do by default: inline handlers end with the loop.
     */
    protected boolean finishRunningRequests() {
        return false;
    }

    /**
     * Waits until {@link #serveForever()} has returned (at once if it never ran); after that no
     * request can start. Returns whether the calling thread was interrupted meanwhile.
     */
    protected final boolean awaitServeForeverReturned() {
        return loopThread.get() != null && awaitUninterruptibly(loopEnded);
    }

    /** Whether this thread is one of the server's handler threads (they must not call shutdown). */
    protected boolean isHandlerThread(Thread thread) {
        return false;
    }

    /** Writes one line to the server's log. */
    public final void log(String line) {
        log.accept(line);
    }

    /** {@code 127.0.0.1:9000}, as every program of the course prints an address. */
    public static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Waits for the latch even if interrupted; returns whether the thread was interrupted meanwhile. */
    static boolean awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}
