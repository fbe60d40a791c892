package socketlessons.socketserver;

import java.net.InetSocketAddress;

/**
 * Python's {@code socketserver.BaseRequestHandler}: one object per request. The server makes it
 * with its {@link HandlerFactory}, gives it {@link #request}, {@link #clientAddress} and
 * {@link #server}, then calls {@link #setup()}, {@link #handle()} and {@link #finish()} in that
 * order ({@code finish} even when {@code handle} throws). Subclasses override {@code handle}.
 *
 * <p>Whatever {@code handle} throws ends this request only: the server logs it with the
 * client's address ({@link BaseServer#handleError}), closes the connection and goes on.
 *
 * @param <R> the request: a connected {@code Socket} for TCP, a {@link Datagram} for UDP
 */
public abstract class BaseRequestHandler<R> {

    /** Python's {@code self.request}: the connected {@code Socket}, or the {@link Datagram}. Set before {@code setup()}. */
    protected R request;
    /** Python's {@code self.client_address}: who sent the request. Set before {@code setup()}. */
    protected InetSocketAddress clientAddress;
    /** Python's {@code self.server}: the server that took the request (its address, its log). Set before {@code setup()}. */
    protected BaseServer<R> server;

    /** Called by the server: Python does this in the handler's {@code __init__}. */
    final void handleRequest(R request, InetSocketAddress clientAddress, BaseServer<R> server) throws Exception {
        if (this.request != null) {
            throw new IllegalStateException("a handler serves one request: the HandlerFactory must return a new object each time");
        }
        this.request = request;
        this.clientAddress = clientAddress;
        this.server = server;
        setup();
        try {
            handle();
        } finally {
            finish();
        }
    }

    /** Before {@code handle}: nothing by default. */
    protected void setup() throws Exception {
    }

    /** The work of one request. */
    protected abstract void handle() throws Exception;

    /** After {@code handle}, whatever happened: nothing by default. */
    protected void finish() throws Exception {
    }

    /** Writes a line to the server's log, starting with this client's address. */
    protected void log(String message) {
        server.log(BaseServer.format(clientAddress) + ": " + message);
    }
}
