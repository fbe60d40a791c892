package socketlessons.auth;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import socketlessons.basics.Deadlines;
import socketlessons.sticky.FrameException;
import socketlessons.sticky.LineCodec;

/**
 * The §10.2 login server: one JSON request per line, one JSON answer per line, over TCP or
 * over TLS. The same code serves both; only the listening socket differs ({@code ServerSocket}
 * or {@code SSLServerSocket}). Each client gets a thread; at most {@code maxClients} at once,
 * counted by a semaphore: the simplest bound (lesson07's pooled server is the general one).
 *
 * <p>Each request has a deadline ({@link Deadlines}, lesson01): from waiting for the line to the
 * last byte of its answer, 10 s. A read timeout alone counts silence per read: a client that
 * drips a byte now and then, or sends requests without ever reading the answers (our write
 * then blocks for as long as it likes), would hold its slot for good. At the deadline the
 * connection is closed, whatever the client is doing.
 */
public final class LoginServer implements AutoCloseable {

    /** A request line is a few dozen bytes; a longer one is refused and the connection closed. */
    public static final int MAX_LINE = 4096;
    /** Clients served at once; one more is told the server is busy. */
    public static final int MAX_CLIENTS = 64;
    static final int BACKLOG = 50;
    /**
     * The time for one request and its answer, the TLS handshake included; a client that is
     * idle for this long is hung up on too, so 64 idle connections block others for 10 s at most.
     */
    public static final Duration ANSWER_LIMIT = Duration.ofSeconds(10);

    private final ServerSocket serverSocket;
    private final LoginService service;
    private final Consumer<String> log;
    private final int maxClients;
    private final Duration answerLimit;
    private final Semaphore slots;
    private final LineCodec lines = new LineCodec(MAX_LINE);
    private final Deadlines deadlines = new Deadlines("login-server");
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public LoginServer(ServerSocket listening, LoginService service, Consumer<String> log) {
        this(listening, service, log, MAX_CLIENTS, ANSWER_LIMIT);
    }

    /**
     * @param maxClients  clients served at once
     * @param answerLimit the time for each request and its answer (and for the handshake); more closes the connection
     */
    public LoginServer(ServerSocket listening, LoginService service, Consumer<String> log, int maxClients, Duration answerLimit) {
        this.serverSocket = listening;
        this.service = service;
        this.log = log;
        this.maxClients = maxClients;
        this.answerLimit = answerLimit;
        this.slots = new Semaphore(maxClients);
    }

    /** A plain TCP listening socket: passwords cross the wire in clear. */
    public static ServerSocket plain(String host, int port) throws IOException {
        return bind(new ServerSocket(), host, port);
    }

    /** A TLS listening socket: the handshake runs on each accepted connection's first read or write. */
    public static ServerSocket tls(String host, int port, SSLContext context) throws IOException {
        return bind(context.getServerSocketFactory().createServerSocket(), host, port);
    }

    private static ServerSocket bind(ServerSocket socket, String host, int port) throws IOException {
        try {
            socket.bind(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Accepts clients until closed, each on a thread of its own. */
    public void serveForever() {
        while (!serverSocket.isClosed()) {
            Socket conn;
            try {
                conn = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    log.accept("accept failed: " + e.getMessage());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                refuseBusy(conn);
                continue;
            }
            open.add(conn);
            Thread thread = new Thread(() -> {
                try {
                    serve(conn);
                } finally {
                    open.remove(conn);
                    slots.release();
                }
            }, "login " + conn.getRemoteSocketAddress());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Starts {@link #serveForever} on a thread of its own and returns this server. */
    public LoginServer start() {
        Thread thread = new Thread(this::serveForever, "login-accept");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void refuseBusy(Socket conn) {
        log.accept(peer(conn) + ": refused: busy, " + maxClients + " clients already");
        try (conn) {
            // A plain socket takes a short line at once (its send buffer is empty). A TLS answer
            // would need a handshake first, on this accepting thread, with a stranger: hang up instead.
            if (!(conn instanceof SSLSocket)) {
                lines.writeLine(conn.getOutputStream(), service.answer(false, "server busy: try again later"));
            }
        } catch (IOException e) {
            // it hung up first
        }
    }

    private void serve(Socket conn) {
        String peer = peer(conn);
        try (conn) {
            conn.setSoTimeout((int) answerLimit.toMillis()); // a silent peer, even if the timer failed
            InputStream in = new BufferedInputStream(conn.getInputStream()); // LineCodec reads a byte at a time
            OutputStream out = conn.getOutputStream();
            Deadlines.Deadline last = null;
            boolean more = true;
            while (more) {
                Deadlines.Deadline deadline = startDeadline(conn);
                boolean cut = false;
                try (deadline) {
                    more = answerOne(peer, in, out);
                } catch (IOException e) {
                    // The timer closed the socket (this step's, or the last one's just after its answer went out),
                    // or the read timeout came first: the same thing.
                    cut = deadline.expired() || (last != null && last.expired()) || e instanceof SocketTimeoutException;
                    if (!cut) {
                        throw e;
                    }
                }
                if (cut || deadline.expired()) {
                    log.accept(peer + ": cut off: a request and its answer took over " + answerLimit.toMillis() / 1000.0
                            + " s (silent, too slow, or not reading the answers)");
                    return;
                }
                last = deadline;
            }
        } catch (IOException e) {
            if (!serverSocket.isClosed()) { // else close() ended it
                log.accept(peer + ": " + e.getMessage()); // a reset, a timeout, or (TLS) a failed handshake
            }
        }
    }

    private Deadlines.Deadline startDeadline(Socket conn) throws IOException {
        try {
            return deadlines.start(conn, answerLimit);
        } catch (RejectedExecutionException e) {
            throw new SocketException("the server is closing"); // close() stopped the timer
        }
    }

    /** Reads one request line and writes its answer; false when the conversation is over. */
    private boolean answerOne(String peer, InputStream in, OutputStream out) throws IOException {
        String line;
        try {
            line = lines.readLine(in);
        } catch (FrameException e) {
            if (e.isTruncated()) {
                log.accept(peer + ": the connection ended inside a request");
                return false;
            }
            log.accept(peer + ": refused: a request longer than " + MAX_LINE + " bytes");
            lines.writeLine(out, service.answer(false, "bad request: longer than " + MAX_LINE + " bytes"));
            return false; // the rest of it is not worth reading
        }
        if (line == null) {
            return false;
        }
        Authenticator.Result result = service.decide(line);
        log.accept(peer + ": " + (result.ok() ? "" : "refused: ") + result.message()); // never the password; the peer's text quoted
        lines.writeLine(out, service.answer(result.ok(), result.message()));
        return true;
    }

    private static String peer(Socket conn) {
        return conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket conn : open) {
            conn.close(); // its thread's read or write fails at once
        }
        deadlines.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson06-auth.jar login-server}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line for {@code main(args)}: with no args, the defaults an IDE run needs. */
    static String[] commandLine(String... args) {
        return Launcher.commandLine("login-server", args);
    }
}
