package socketlessons.tcpchat;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * §4.3 server: the outer loop serves clients one after another; the inner loop is one
 * conversation ({@link ChatSession}). While it talks to one client, others wait: their
 * {@code connect} succeeds (the kernel finishes the handshake and queues them in the backlog)
 * but nobody reads what they send until the current conversation ends. lesson05 (a selector)
 * and lesson07 (a thread per client) lift that limit.
 */
public final class ChatServer implements AutoCloseable {

    /** Opens the wire for an accepted connection: ours (lines) or the course's. */
    @FunctionalInterface
    public interface WireFactory {
        Wire open(Socket conn) throws IOException;
    }

    private final ServerSocket serverSocket;
    private final int readTimeoutMillis;
    private final AtomicInteger accepted = new AtomicInteger();

    /**
     * @param readTimeoutMillis how long to wait for a client's message; 0 waits forever, as the
     *     course does (a client that types nothing then keeps everyone else waiting)
     */
    public ChatServer(String host, int port, int readTimeoutMillis) throws IOException {
        this.readTimeoutMillis = readTimeoutMillis;
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** How many connections accept() has taken so far (the others wait in the backlog). */
    public int accepted() {
        return accepted.get();
    }

    /** Serves {@code conversations} clients, one after another (0: until closed). */
    public void serve(ChatSession session, WireFactory wires, int conversations, PrintWriter log) throws IOException {
        for (int served = 0; conversations == 0 || served < conversations; served++) {
            Socket conn;
            try {
                conn = serverSocket.accept();
            } catch (SocketException e) {
                if (serverSocket.isClosed()) {
                    return; // closed from another thread: stop serving
                }
                throw e;
            }
            accepted.incrementAndGet();
            String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
            try (conn) {
                conn.setSoTimeout(readTimeoutMillis);
                log.println("connected: " + peer);
                ChatSession.Ending ending = session.listenFirst(wires.open(conn));
                log.println("conversation with " + peer + " ended: " + ending);
            } catch (IOException e) {
                log.println("conversation with " + peer + " failed: " + e); // this client only
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson02-tcp-chat.jar server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("server", args));
    }
}
