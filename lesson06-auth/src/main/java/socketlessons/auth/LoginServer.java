package socketlessons.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The login server: JSON lines over TCP, or over TLS. The same code serves both; only the
 * listening socket differs ({@code ServerSocket} or {@code SSLServerSocket}).
 */
public final class LoginServer implements AutoCloseable {

    /** A request line is a few dozen bytes; a longer one is refused. */
    static final int MAX_LINE = 4096;

    private final ServerSocket serverSocket;
    private final LoginService service;
    private final Consumer<String> log;

    public LoginServer(ServerSocket listening, LoginService service, Consumer<String> log) {
        this.serverSocket = listening;
        this.service = service;
        this.log = log;
    }

    /** A plain TCP listening socket: passwords cross the wire in clear. */
    public static ServerSocket plain(String host, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** A TLS listening socket: the handshake runs on each accepted connection's first read or write. */
    public static ServerSocket tls(String host, int port, SSLContext context) throws IOException {
        ServerSocket socket = context.getServerSocketFactory().createServerSocket();
        try {
            socket.bind(new InetSocketAddress(host, port), 50);
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
            try {
                Socket conn = serverSocket.accept();
                Thread thread = new Thread(() -> serve(conn), "login " + conn.getRemoteSocketAddress());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    log.accept("accept failed: " + e);
                }
            }
        }
    }

    public LoginServer start() {
        Thread thread = new Thread(this::serveForever, "login-accept");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void serve(Socket conn) {
        String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
        try (conn) {
            conn.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = conn.getOutputStream();
            String line;
            while ((line = readLine(in)) != null) {
                String answer = service.handle(line);
                out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            log.accept(peer + ": " + e.getMessage());
        }
    }

    private static String readLine(Reader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() == MAX_LINE) {
                throw new IOException("request longer than " + MAX_LINE + " characters: closing");
            }
            line.append((char) c);
        }
        return c == -1 && line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
