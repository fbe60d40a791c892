package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import socketlessons.basics.Deadlines;
import socketlessons.basics.Deadlines.Deadline;
import socketlessons.basics.cli.Cli;

/**
 * Python's {@code socketserver.TCPServer}: owns the listening socket; a request is one connected
 * client, handled on the thread that runs {@link #serveForever()}, so one client at a time: the
 * next one's handshake is done by the kernel and it waits in the backlog for {@code accept}
 * (lesson02's §4.3 problem; {@link ThreadingTcpServer} lifts it). {@link #shutdown()} stops
 * accepting and waits for the loop, here for the client being served (Python's grace);
 * {@link #close()} also closes every open connection.
 */
public class TcpServer extends BaseServer<Socket> {

    /**
     * Python's settings: {@code allow_reuse_address} (SO_REUSEADDR; Java's default: on for Linux and
     * macOS, off for Windows), {@code request_queue_size} (the backlog, 50) and {@code timeout}
     * (each read on behalf of a stranger waits at most this long; 300 s, zero is forever).
     * {@code new TcpServer.Options().timeout(Duration.ofSeconds(30))} returns a copy.
     */
    public record Options(boolean allowReuseAddress, int requestQueueSize, Duration timeout) {

        private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

        public Options {
            if (requestQueueSize < 1 || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("requestQueueSize must be at least 1 and timeout between 0 and "
                        + Integer.MAX_VALUE + " ms, not " + requestQueueSize + " and " + timeout);
            }
        }

        public Options() { this(!WINDOWS, 50, Duration.ofSeconds(300)); }

        public Options allowReuseAddress(boolean on) { return new Options(on, requestQueueSize, timeout); }
        public Options requestQueueSize(int backlog) { return new Options(allowReuseAddress, backlog, timeout); }
        public Options timeout(Duration limit) { return new Options(allowReuseAddress, requestQueueSize, limit); }
    }

    protected final Options options;
    private final ServerSocket socket; // Python's self.socket: the listening socket (the course's sk)
    private final Deadlines deadlines;  // one timer thread: cuts off a client that does not take its answer
    private final Set<Socket> connections = new HashSet<>(); // accepted and not closed yet; guarded by itself
    private volatile boolean closing;                         // close() has begun; set under connections' lock

    /** Binds and listens at once: Python's {@code TCPServer(server_address, RequestHandlerClass)}; BindException when the port is taken. */
    public TcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory, Options options, Consumer<String> log)
            throws IOException {
        super(handlerFactory, log);
        this.options = options;
        socket = new ServerSocket();
        try {
            socket.setReuseAddress(options.allowReuseAddress()); // server_bind: must come before bind
            socket.bind(address, options.requestQueueSize());    // server_bind + server_activate: bind, listen(backlog)
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        deadlines = new Deadlines("answers to socketserver " + format(address()));
    }

    /** With the default options, logging to standard error as Python's {@code handle_error} does. */
    public TcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory) throws IOException {
        this(address, handlerFactory, new Options(), System.err::println);
    }

    @Override
    public final InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress(); // still the bound address once closed
    }

    @Override
    protected Incoming<Socket> getRequest() throws IOException { // accept(): Python's get_request
        Socket conn = socket.accept(); // the kernel finished the handshake; accept() only takes it off the backlog
        conn.setSoTimeout((int) options.timeout().toMillis()); // every read a handler does waits at most this long
        synchronized (connections) {
            if (closing) { // accepted just as close() closed the others: close this one too
                conn.close();
                throw new SocketException("the server is closing");
            }
            connections.add(conn);
        }
        return new Incoming<>(conn, (InetSocketAddress) conn.getRemoteSocketAddress());
    }

    @Override
    protected void shutdownRequest(Socket request) {
        try {
            request.close();
        } catch (IOException ignored) { // closing is all we wanted
        }
        synchronized (connections) {
            connections.remove(request);
        }
    }

    /** One answer's clock, {@code try (deadline) { out.write(answer); }}: {@code write} has no timeout, this closes the connection at it. */
    public Deadline answerDeadline(Socket connection) {
        return deadlines.start(connection, options.timeout());
    }

    /** Timeouts and deadlines are reported as cut-offs; a connection that close() closed was reported by close(). */
    @Override
    protected void handleError(Socket request, InetSocketAddress clientAddress, Exception e) {
        if (closing && request.isClosed()) {
            return;
        }
        if (e instanceof SocketTimeoutException || request.isClosed()) { // a read timed out, or a deadline closed it
            log("closing " + format(clientAddress) + (request.isClosed() ? ": it did not take its answer within " : ": silent for longer than ")
                    + options.timeout().toMillis() + " ms (the handler timeout)");
        } else {
            super.handleError(request, clientAddress, e);
        }
    }

    /** Clients accepted and not closed yet: being served, or waiting for a thread. */
    public int openConnections() {
        synchronized (connections) {
            return connections.size();
        }
    }

    /**
     * Python's {@code server_close()}, and more: stops accepting, closes every open connection (their
     * handlers' reads fail), waits for the loop. Called twice at once (Ctrl+C, try-with-resources), each connection is closed once.
     */
    @Override
    public void close() {
        stopAccepting();
        List<Socket> left;
        synchronized (connections) {
            closing = true;
            left = new ArrayList<>(connections); // the first caller takes them all
            connections.clear();
        }
        for (Socket conn : left) {
            log("shutdown: closing the connection of " + format((InetSocketAddress) conn.getRemoteSocketAddress()));
            shutdownRequest(conn);
        }
        super.close();
        deadlines.close();
    }

    @Override
    protected final void closeSocket() {
        try {
            socket.close(); // a blocked accept() throws at once; new clients get Connection refused
        } catch (IOException ignored) { // closed already
        }
    }

    /** Run from an IDE: the classroom echo, one client at a time (the tests run {@link #commandLine} in their JVM). */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    static String[] commandLine(String... args) { return Cli.prepend("server", Cli.prepend("--one-at-a-time", args)); }
}
