package socketlessons.tcpchat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A chat server on a thread of its own (a terminal of its own), with a scripted keyboard and
 * a screen the test reads.
 */
final class ChatFixture implements AutoCloseable {

    final ChatServer server;
    /** The server's one thread: a test may look at where it is blocked. */
    final Thread thread;
    private final StringWriter screen = new StringWriter(); // a StringBuffer inside: safe across threads
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /**
     * @param keyboard what the server's user types, one line per answer
     * @param conversations how many clients to serve before the loop ends (0: until closed)
     */
    ChatFixture(BufferedReader keyboard, int conversations, ChatServer.Timeouts timeouts, Wire.Format format) throws IOException {
        server = new ChatServer("127.0.0.1", 0, timeouts, format);
        PrintWriter screenWriter = new PrintWriter(screen, true);
        ChatSession session = new ChatSession(keyboard, screenWriter);
        thread = new Thread(() -> {
            try {
                server.serve(session, conversations, screenWriter);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "chat-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code server --timeout}: SO_TIMEOUT and a deadline per message, both {@code timeoutMillis}. */
    ChatFixture(String keyboard, int conversations, int timeoutMillis) throws IOException {
        this(new BufferedReader(new StringReader(keyboard)), conversations,
                ChatServer.Timeouts.of(Duration.ofMillis(timeoutMillis)), Wire.Format.LINES);
    }

    ChatFixture(String keyboard, int conversations) throws IOException {
        this(keyboard, conversations, 0);
    }

    int port() {
        return server.address().getPort();
    }

    /** Everything the server printed so far, with \n line ends. */
    String screen() {
        return screen.toString().replace(System.lineSeparator(), "\n");
    }

    /** Waits until the server's loop has served all its conversations. */
    void awaitServed() throws Exception {
        done.get(10, TimeUnit.SECONDS);
    }

    /** A client socket to this server, with a read timeout so that a broken test fails instead of hanging. */
    Socket connect() throws IOException {
        return connect(port());
    }

    static Socket connect(int port) throws IOException {
        Socket sk = new Socket();
        sk.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        sk.setSoTimeout(10_000);
        return sk;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
