package socketlessons.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The §10.2 login server: one JSON request per line, one JSON answer per line, over TCP or
 * over TLS. The same code serves both; only the listening socket differs ({@code ServerSocket}
 * or {@code SSLServerSocket}). Each client gets a thread; at most {@code maxClients} at once.
 */
public final class LoginServer implements AutoCloseable {

    /** A request line is a few dozen bytes; a longer one is refused and the connection closed. */
    public static final int MAX_LINE = 4096;
    /** Clients served at once; one more is told the server is busy. */
    public static final int MAX_CLIENTS = 64;
    static final int BACKLOG = 50;
    /** A client that says nothing for this long is hung up on (for TLS this covers the handshake too). */
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket serverSocket;
    private final LoginService service;
    private final Consumer<String> log;
    private final int maxClients;
    private final Semaphore slots;

    public LoginServer(ServerSocket listening, LoginService service, Consumer<String> log) {
        this(listening, service, log, MAX_CLIENTS);
    }

    public LoginServer(ServerSocket listening, LoginService service, Consumer<String> log, int maxClients) {
        this.serverSocket = listening;
        this.service = service;
        this.log = log;
        this.maxClients = maxClients;
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
            Thread thread = new Thread(() -> {
                try {
                    serve(conn);
                } finally {
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
            // A plain socket takes a short line at once. A TLS answer would need a handshake
            // first, on this accepting thread, with a stranger: hang up instead.
            if (!(conn instanceof SSLSocket)) {
                conn.getOutputStream().write((service.answer(false, "server busy: try again later") + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // it hung up first
        }
    }

    private void serve(Socket conn) {
        String peer = peer(conn);
        try (conn) {
            conn.setSoTimeout(READ_TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = conn.getOutputStream();
            String line;
            while ((line = readLine(in)) != null) {
                if (line.length() > MAX_LINE) {
                    log.accept(peer + ": refused: a request longer than " + MAX_LINE + " characters");
                    send(out, service.answer(false, "bad request: longer than " + MAX_LINE + " characters"));
                    return; // the rest of it is not worth reading
                }
                Authenticator.Result result = service.decide(line);
                log.accept(peer + ": " + (result.ok() ? "" : "refused: ") + result.message()); // never the password
                send(out, service.answer(result.ok(), result.message()));
            }
        } catch (IOException e) {
            log.accept(peer + ": " + e.getMessage()); // a reset, a timeout, or (TLS) a failed handshake
        }
    }

    private static void send(OutputStream out, String answer) throws IOException {
        out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * One line without its end, or null at the end of the stream. Reads at most
     * {@code MAX_LINE + 1} characters: a longer line comes back cut at that length, so the
     * caller sees it is too long without this server holding what a stranger claims.
     */
    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
            if (line.length() > MAX_LINE) {
                return line.toString();
            }
        }
        if (c == -1 && line.length() == 0) {
            return null;
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    private static String peer(Socket conn) {
        return conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson06-auth.jar login-server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("login-server", args));
    }
}
