package socketlessons.socketserver;

import java.net.InetSocketAddress;

/**
 * Makes the handler for one request: Python's {@code RequestHandlerClass}. Python passes the
 * class and {@code finish_request} calls {@code RequestHandlerClass(request, client_address, self)};
 * Java passes a constructor reference or a lambda:
 *
 * <pre>
 * new ThreadingTcpServer(address, UpperEchoHandler::new)               // a handler class with no state
 * new ThreadingTcpServer(address, () -&gt; new ChatHandler(service), ...) // state every handler shares
 * </pre>
 *
 * The server calls it once per request and gives the new handler its request, the client's
 * address and itself before {@code setup()}. So each handler object belongs to one connection
 * (or one datagram): its own fields need no locking, but whatever the lambda shares (the
 * {@code service} above) is used by many handler threads at once and must be thread-safe.
 *
 * @param <R> the request: a {@code Socket} for TCP, a {@link Datagram} for UDP
 */
@FunctionalInterface
public interface HandlerFactory<R> {

    /** A new handler object: never the same one twice. */
    BaseRequestHandler<R> newHandler();

    /**
     * The server cannot serve this request now ({@link PooledTcpServer}: every thread busy, the
     * queue full); it closes the connection after this returns. Only the handler's protocol
     * knows how to say "busy" (a line? a frame? a status code?), so the default says nothing:
     * the client sees the connection closed at once. Called on the server's loop thread: write
     * a few bytes at most, never read.
     */
    default void refuse(R request, InetSocketAddress clientAddress) throws Exception {
    }
}
