package socketlessons.auth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import socketlessons.basics.Deadlines;

/**
 * §8 server: checks that each client knows the key before serving it anything. A client that
 * answers wrong, answers short, or does not answer within the timeout is logged and hung up
 * on. A client that passes is greeted and then served (an uppercase echo). Clients are served
 * one after another, as in the course (lesson07 serves them at once).
 *
 * <p>The timeout is for the whole answer, not for each read: a read timeout alone lets a client
 * that sends one byte of its answer every few seconds hold the server for minutes. A
 * {@link Deadlines deadline} (lesson01) closes the connection when the answer is not complete
 * in time, and bounds each write of the echo, so a client that never reads cannot block it.
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
    private final Deadlines deadlines = new Deadlines("checked-server");

    /**
     * @param check               the check, or null for none
     * @param answerTimeoutMillis how long a client has to answer, and then to take each echo (a
     *                            client that does not read is cut off); 0 waits for ever (the
     *                            course's server, where one silent client holds up everyone behind it)
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
                ChallengeCheck.Verdict verdict;
                // The whole answer within the timeout, however it is sliced: closed at the deadline.
                Deadlines.Deadline answer = startDeadline(conn);
                try (answer) {
                    verdict = check.run(cutOffAt(answer, conn.getInputStream()), conn.getOutputStream());
                }
                if (answer.expired() && verdict.passed()) {
                    verdict = new ChallengeCheck.Verdict(false, "refused: the whole answer came too late"); // closed just as it was judged
                }
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

    private Deadlines.Deadline startDeadline(Socket conn) throws IOException {
        try {
            return deadlines.start(conn, Duration.ofMillis(answerTimeoutMillis));
        } catch (RejectedExecutionException e) {
            throw new SocketException("the server is closing"); // close() stopped the timer
        }
    }

    /**
     * The connection's input, where a read that failed because the deadline closed the socket
     * reads as what it is: a timeout, the same as a read timeout's.
     */
    private static InputStream cutOffAt(Deadlines.Deadline deadline, InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    if (deadline.expired()) {
                        throw new SocketTimeoutException("the deadline for the answer passed");
                    }
                    throw e;
                }
            }
        };
    }

    private void echo(Socket conn) throws IOException {
        OutputStream out = conn.getOutputStream();
        out.write(WELCOME.getBytes(StandardCharsets.UTF_8));
        out.flush();
        conn.setSoTimeout(IDLE_TIMEOUT_MILLIS);
        InputStream in = conn.getInputStream();
        byte[] buf = new byte[1024];
        Deadlines.Deadline write = null;
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                // Bytes, not text: upper-casing ASCII letters only keeps a cut UTF-8 character intact.
                for (int i = 0; i < n; i++) {
                    if (buf[i] >= 'a' && buf[i] <= 'z') {
                        buf[i] -= 'a' - 'A';
                    }
                }
                Deadlines.Deadline step = startDeadline(conn);
                write = step;
                try (step) {
                    out.write(buf, 0, n); // blocks while the client does not read: closed at the deadline
                }
            }
        } catch (IOException e) {
            if (write != null && write.expired()) { // (also when it fired just after the write, before the next read)
                throw new IOException("cut off: it did not take its echo in time (it sends but does not read)");
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        deadlines.close();
    }

    /**
     * Run from an IDE: with no arguments, {@code java -jar lesson06-auth.jar server --key-file key.txt --make-key}
     * (a new random key in key.txt the first time); with arguments, {@code server} and them.
     */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line for {@code main(args)}: with no args, the defaults an IDE run needs. */
    static String[] commandLine(String... args) {
        return Launcher.commandLine("server", args, "--key-file", "key.txt", "--make-key");
    }
}
