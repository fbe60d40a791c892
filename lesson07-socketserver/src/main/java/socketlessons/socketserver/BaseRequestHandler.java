package socketlessons.socketserver;

import java.net.InetSocketAddress;

/**
 * Python's {@code socketserver.BaseRequestHandler}: one object per request, created by the
 * server, which calls {@link #setup()}, {@link #handle()} and {@link #finish()} in that order
 * ({@code finish} even when {@code handle} throws). Subclasses override {@code handle}.
 *
 * @param <R> the request: a connected {@code Socket} for TCP, a {@link Datagram} for UDP
 */
public abstract class BaseRequestHandler<R> {

    /** Python's {@code self.request}. */
    protected R request;
    /** Python's {@code self.client_address}. */
    protected InetSocketAddress clientAddress;
    /** Python's {@code self.server}. */
    protected BaseServer<R> server;

    /** Called by the server: Python does this in the handler's {@code __init__}. */
    final void handleRequest(R request, InetSocketAddress clientAddress, BaseServer<R> server) throws Exception {
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

    /** Before handle: nothing by default. */
    protected void setup() throws Exception {
    }

    /** The work of one request. */
    protected abstract void handle() throws Exception;

    /** After handle, whatever happened: nothing by default. */
    protected void finish() throws Exception {
    }
}
