package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Python's {@code socketserver.BaseServer}: the request loop, apart from what a request is.
 *
 * <pre>
 * serveForever()                          serve_forever()
 *   while not shut down:
 *     handleOneRequest()                    _handle_request_noblock()
 *       request = getRequest()                get_request()        (accept / recvfrom)
 *       processRequest(request, address)      process_request()    (inline, or a thread)
 *         finishRequest(...)                  finish_request()     → RequestHandlerClass(...)
 *         shutdownRequest(request)            shutdown_request()   (close the connection)
 *       on an exception: handleError(...)     handle_error()
 * </pre>
 *
 * Subclasses decide what a request is ({@link TcpServer}, {@link UdpServer}) and whether it is
 * handled inline or on another thread ({@link ThreadingTcpServer}, {@link PooledTcpServer}).
 *
 * @param <R> the request type
 */
public abstract class BaseServer<R> implements AutoCloseable {

    /** A request as {@link #getRequest()} returns it: the request and who sent it. */
    protected record Incoming<R>(R request, InetSocketAddress clientAddress) {
    }

    private final Supplier<? extends BaseRequestHandler<R>> handlerClass;
    private final Consumer<String> log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shutdownRequested;
    private volatile boolean serving;

    protected BaseServer(Supplier<? extends BaseRequestHandler<R>> handlerClass, Consumer<String> log) {
        this.handlerClass = handlerClass;
        this.log = log;
    }

    /** Where the server listens (the port the kernel chose, for port 0). */
    public abstract InetSocketAddress address();

    /** Handles requests until {@link #shutdown()}. */
    public void serveForever() {
        serving = true;
        try {
            while (!shutdownRequested) {
                handleOneRequest();
            }
        } finally {
            stopped.countDown();
        }
    }

    private void handleOneRequest() {
        Incoming<R> incoming;
        try {
            incoming = getRequest();
        } catch (IOException e) {
            if (!shutdownRequested) {
                log("could not take a request: " + e);
            }
            return;
        }
        try {
            processRequest(incoming.request(), incoming.clientAddress());
        } catch (Exception e) {
            handleError(incoming.clientAddress(), e);
            shutdownRequest(incoming.request());
        }
    }

    /** Waits for the next request. */
    protected abstract Incoming<R> getRequest() throws IOException;

    /** Handles the request here, on the server's thread: one at a time. Subclasses may hand it to another thread. */
    protected void processRequest(R request, InetSocketAddress clientAddress) throws Exception {
        try {
            finishRequest(request, clientAddress);
        } finally {
            shutdownRequest(request);
        }
    }

    /** Creates a handler for this request and runs it: Python's {@code finish_request}. */
    protected final void finishRequest(R request, InetSocketAddress clientAddress) throws Exception {
        handlerClass.get().handleRequest(request, clientAddress, this);
    }

    /** Ends a request after its handler: closes the connection (nothing for UDP). */
    protected abstract void shutdownRequest(R request);

    /** A handler threw: log it with the client's address; the server goes on. */
    protected void handleError(InetSocketAddress clientAddress, Exception e) {
        log("error while handling a request from " + format(clientAddress) + ": " + e);
    }

    /** Runs a handler on another thread, with the same error handling and cleanup. */
    protected final void runHandler(R request, InetSocketAddress clientAddress) {
        try {
            finishRequest(request, clientAddress);
        } catch (Exception e) {
            handleError(clientAddress, e);
        } finally {
            shutdownRequest(request);
        }
    }

    /**
     * Stops {@link #serveForever()} and waits for it to return. New requests are refused at
     * once; what happens to requests already running is the subclass's call.
     */
    public void shutdown() throws InterruptedException {
        requestShutdown();
        awaitServeForeverExit();
    }

    /** No new requests from now on: the loop ends after the request it is in. */
    protected final void requestShutdown() {
        shutdownRequested = true;
        stopAccepting();
    }

    protected final void awaitServeForeverExit() throws InterruptedException {
        if (serving) {
            stopped.await();
        }
    }

    /** Makes a blocked {@link #getRequest()} return at once (closes the listening socket). */
    protected abstract void stopAccepting();

    @Override
    public void close() throws Exception {
        shutdown();
    }

    /** Where the server and its handlers report what went wrong. */
    public final void log(String line) {
        log.accept(line);
    }

    public static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
