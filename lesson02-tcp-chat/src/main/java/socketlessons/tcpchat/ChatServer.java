package socketlessons.tcpchat;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import socketlessons.basics.Deadlines;
import socketlessons.basics.cli.Cli;

/**
 * §4.3 server: the outer loop serves clients one after another; the inner loop is one
 * conversation ({@link ChatSession}). While it talks to one client, others wait: their
 * {@code connect} succeeds (the kernel finishes the handshake and queues them in the backlog)
 * but nobody reads what they send until the current conversation ends. lesson05 (a selector)
 * and lesson07 (a thread per client) lift that limit.
 *
 * <pre>
 * sk = socket.socket()              serverSocket = new ServerSocket()
 * sk.bind(('127.0.0.1', 9000))      serverSocket.bind(address, BACKLOG)   (bind + listen)
 * sk.listen()
 * while True:                       for (...) {                           (outer loop, §4.3)
 *     conn, addr = sk.accept()          try (Socket conn = serverSocket.accept()) {
 *     while True: ...                       session.listenFirst(...)      (inner loop, §4.2)
 *     conn.close()                      }
 * </pre>
 */
public final class ChatServer implements AutoCloseable {

    /** Finished handshakes the kernel keeps for accept() (Python's listen(n)): where B waits. */
    static final int BACKLOG = 50;

    /**
     * How long a client may keep the server; zero waits forever, as the course does (a client
     * that types nothing then keeps everyone else waiting).
     *
     * @param perRead {@code SO_TIMEOUT}: silence allowed in one read (a drip of one byte a
     *     second never trips it, and it does not bound a write)
     * @param perMessage a deadline for each whole message from the client and each whole answer
     *     to it ({@link DeadlineWire}): what {@code server --timeout} sets, with {@code perRead}
     */
    public record Timeouts(Duration perRead, Duration perMessage) {
        public static final Timeouts NONE = new Timeouts(Duration.ZERO, Duration.ZERO);

        public Timeouts {
            if (perRead.isNegative() || perMessage.isNegative()) {
                throw new IllegalArgumentException("a timeout cannot be negative: " + perRead + ", " + perMessage);
            }
        }

        /** {@code server --timeout}: the same limit for each read and each whole message or answer. */
        public static Timeouts of(Duration limit) {
            return new Timeouts(limit, limit);
        }
    }

    private final ServerSocket serverSocket; // the course's sk
    private final Timeouts timeouts;
    private final Wire.Format format;
    private final Deadlines deadlines = new Deadlines("chat-server"); // one timer thread, started at the first deadline
    private final AtomicInteger accepted = new AtomicInteger();

    /** @param format our wire (lines) or the course's (bare text) */
    public ChatServer(String host, int port, Timeouts timeouts, Wire.Format format) throws IOException {
        this.timeouts = timeouts;
        this.format = format;
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), BACKLOG); // bind + listen(BACKLOG)
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

    /**
     * Serves {@code conversations} clients, one after another (0: until closed, or until our
     * console ends: then nobody is left to answer). A conversation that fails ends only itself.
     */
    public void serve(ChatSession session, int conversations, PrintWriter log) throws IOException {
        for (int served = 0; conversations == 0 || served < conversations; served++) { // the outer loop (§4.3)
            Socket conn;
            try {
                conn = serverSocket.accept(); // conn, addr = sk.accept(): the next handshake the kernel finished
            } catch (SocketException e) {
                if (serverSocket.isClosed()) {
                    return; // closed from another thread: stop serving
                }
                throw e;
            }
            accepted.incrementAndGet();
            String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
            ChatSession.Ending ending;
            try (conn) {
                conn.setSoTimeout(Math.toIntExact(timeouts.perRead().toMillis())); // 0: a read waits forever, as in the course
                Wire wire = format == Wire.Format.COURSE ? new CourseWire(conn) : new LineWire(conn);
                wire = new DeadlineWire(wire, conn, deadlines, timeouts.perMessage()); // whole messages and answers in time
                log.println("connected: " + peer);
                ending = session.listenFirst(wire); // the inner loop (§4.2): hear, answer, until q
                log.println("conversation with " + peer + " ended: " + ending);
            } catch (IOException e) {
                log.println("conversation with " + peer + " failed: " + Cli.describe(e)); // this client only
                continue;
            }
            if (ending == ChatSession.Ending.INPUT_ENDED) {
                log.println("our input ended: nobody is left to answer, so the server stops");
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        deadlines.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson02-tcp-chat.jar server}. */
    public static void main(String[] args) {
        Launcher.main(Cli.prepend("server", args));
    }
}
