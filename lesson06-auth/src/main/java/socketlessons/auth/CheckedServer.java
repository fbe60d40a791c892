package socketlessons.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * §8 server: checks that each client knows the key before serving it anything. A client that
 * answers wrong, answers short, or does not answer within the timeout is logged and hung up
 * on. A client that passes is greeted and then served (an uppercase echo). Clients are served
 * one after another, as in the course (lesson07 serves them at once).
 *
 * <p>With no check ({@code check == null}) anyone is served: the course's §4 server.
 */
public final class CheckedServer implements AutoCloseable {

    public static final String WELCOME = "welcome: you are one of us\n";

    /** How many finished handshakes the kernel keeps waiting for accept(). */
    static final int BACKLOG = 50;

    /** How long a client that passed may stay silent before it is hung up on. */
    static final int IDLE_TIMEOUT_MILLIS = 5 * 60 * 1000;

    private final ServerSocket serverSocket;
    private final ChallengeCheck check;
    private final int answerTimeoutMillis;
    private final Consumer<String> log;

    /**
     * @param check               the check, or null for none
     * @param answerTimeoutMillis how long a client has to answer; 0 waits for ever (the course's
     *                            server, where one silent client holds up everyone behind it)
     */
    public CheckedServer(String host, int port, ChallengeCheck check, int answerTimeoutMillis, Consumer<String> log)
            throws IOException {
        this.check = check;
        this.answerTimeoutMillis = answerTimeoutMillis;
        this.log = log;
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Serves {@code clients} clients one after another (0: until closed). */
    public void serve(int clients) throws IOException {
        for (int served = 0; clients == 0 || served < clients; served++) {
            Socket conn;
            try {
                conn = serverSocket.accept();
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return; // close() from another thread: the normal way to stop
                }
                throw e;
            }
            try (conn) {
                serveOne(conn);
            }
        }
    }

    private void serveOne(Socket conn) {
        String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
        try {
            conn.setSoTimeout(answerTimeoutMillis); // a stranger gets this long to answer
            if (check != null) {
                ChallengeCheck.Verdict verdict = check.run(conn.getInputStream(), conn.getOutputStream());
                log.accept(peer + ": " + verdict.reason());
                if (!verdict.passed()) {
                    return; // the caller's try-with-resources hangs up: nothing was served
                }
            }
            echo(conn);
        } catch (IOException e) {
            log.accept(peer + ": " + e.getMessage());
        }
    }

    private void echo(Socket conn) throws IOException {
        OutputStream out = conn.getOutputStream();
        out.write(WELCOME.getBytes(StandardCharsets.UTF_8));
        out.flush();
        conn.setSoTimeout(IDLE_TIMEOUT_MILLIS);
        InputStream in = conn.getInputStream();
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            // Bytes, not text: upper-casing ASCII letters only keeps a cut UTF-8 character intact.
            for (int i = 0; i < n; i++) {
                if (buf[i] >= 'a' && buf[i] <= 'z') {
                    buf[i] -= 'a' - 'A';
                }
            }
            out.write(buf, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson06-auth.jar server} (the key from SOCKET_LESSONS_KEY). */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("server", args));
    }
}
