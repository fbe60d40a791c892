package socketlessons.homework.friends;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import socketlessons.basics.Deadlines;
import socketlessons.basics.Deadlines.Deadline;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;

/**
 * §10.1 server: one friend at a time, as in the notes ({@code while True: conn, addr =
 * sk.accept(); chat(conn)}); a conversation that goes wrong ends, and the next friend is served.
 *
 * <p>Each answer has a write deadline: Java's blocking sockets have no send timeout, so a friend
 * who stops reading (its receive buffer full, then ours) would leave {@code write} blocked, and
 * every friend after it waiting, for as long as it likes. lesson01's {@link Deadlines} closes
 * the connection when an answer is not taken in time; the blocked write then fails at once.
 */
public final class FriendsServer implements AutoCloseable {

    /** A friend who connects and says nothing for this long is hung up on. */
    static final int IDLE_TIMEOUT_MILLIS = 5 * 60 * 1000;
    /** An answer a friend has not taken in this long cuts that friend off (it does not read). */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final ServerSocket serverSocket;
    private final Deadlines deadlines = new Deadlines("friends-server"); // one timer thread, started at the first answer
    private Duration writeTimeout = WRITE_TIMEOUT;

    public FriendsServer(String host, int port) throws IOException {
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    /** How long one answer may take to be taken by the friend; zero: no limit (the server before the fix). */
    public FriendsServer writeTimeout(Duration limit) {
        this.writeTimeout = limit;
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Serves {@code conversations} friends one after another (0: until closed). */
    public void serve(FriendsChat chat, int conversations, PrintWriter log) throws IOException {
        for (int served = 0; conversations == 0 || served < conversations; served++) {
            try (Socket conn = serverSocket.accept()) {
                conn.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
                log.println("connected: " + peer);
                AnswerDeadline out = new AnswerDeadline(conn, deadlines, writeTimeout);
                try {
                    chat.talk(conn.getInputStream(), out, peer);
                } catch (IOException e) {
                    // a reset, a timeout, a write to a friend who left: this friend only
                    log.println(out.expired() ? "cut off " + peer + ": an answer not taken in " + writeTimeout.toMillis()
                            + " ms (it does not read)" : "lost " + peer + ": " + Cli.describe(e));
                }
            } catch (SocketException e) {
                if (serverSocket.isClosed()) {
                    return; // close() from another thread: stop serving
                }
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        deadlines.close();
    }

    /** The socket's output, each write done within the limit or the connection closed. */
    private static final class AnswerDeadline extends FilterOutputStream {
        private final Socket conn;
        private final Deadlines deadlines;
        private final Duration limit;
        private boolean expired;

        AnswerDeadline(Socket conn, Deadlines deadlines, Duration limit) throws IOException {
            super(conn.getOutputStream());
            this.conn = conn;
            this.deadlines = deadlines;
            this.limit = limit;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Deadline deadline = deadlines.start(conn, limit);
            try (deadline) {
                out.write(bytes, offset, length); // the whole answer, not FilterOutputStream's byte by byte
            } finally {
                expired |= deadline.expired();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1); // under the deadline too
        }

        /** True when a deadline closed the connection: why the last write failed. */
        boolean expired() {
            return expired;
        }
    }

    /** Run from an IDE, no arguments needed: the same as {@code java -jar homework/friends/target/homework-friends.jar friends-server}. */
    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** What {@link #main} runs: {@code friends-server} with {@code args} (none: the defaults, 127.0.0.1:9000). */
    static int run(Console console, String... args) {
        return Launcher.run(console, Cli.prepend("friends-server", args));
    }
}
