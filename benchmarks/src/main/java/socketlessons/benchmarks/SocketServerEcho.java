package socketlessons.benchmarks;

import java.net.InetSocketAddress;
import socketlessons.nonblocking.EchoServer;
import socketlessons.socketserver.TcpServer;

/** A lesson07 server seen as lesson05's {@link EchoServer}: {@code serveForever} on a thread of its own. */
final class SocketServerEcho implements EchoServer {

    private final TcpServer server;

    SocketServerEcho(TcpServer server) {
        this.server = server;
    }

    @Override
    public SocketServerEcho start() {
        Thread loop = new Thread(server::serveForever, "socketserver loop");
        loop.setDaemon(true);
        loop.start();
        return this;
    }

    @Override
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close(); // stops the loop, closes every connection, joins the handler threads
    }
}
