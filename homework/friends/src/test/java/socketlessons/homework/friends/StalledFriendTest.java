package socketlessons.homework.friends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 20 in §10.1: a friend who sends and never reads. The server answers one friend at a
 * time, and Java's blocking {@code write} has no timeout: without a write deadline the server's
 * one thread stays in {@code write} and the next friend is never served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.1 a friend who stops reading: the server's write blocks; a write deadline cuts that friend off")
class StalledFriendTest {

    private static final String ALEX = "{\"msg\": \"m\", \"id\": \"12345\"}";
    private static final String SIA = "{\"msg\": \"my turn?\", \"id\": \"12346\"}";

    /** The server on a thread of the test's own (to look at where it is), its console answering without end. */
    private record Running(FriendsServer server, Thread thread, StringWriter screen) implements AutoCloseable {
        int port() {
            return server.address().getPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private static Running serve(Duration writeTimeout) throws IOException {
        FriendsServer server = new FriendsServer("127.0.0.1", 0).writeTimeout(writeTimeout);
        StringWriter screen = new StringWriter();
        PrintWriter log = new PrintWriter(screen, true);
        FriendsChat chat = new FriendsChat(FriendBook.course(), false, endlessLongAnswers(), log);
        Thread thread = new Thread(() -> {
            try {
                server.serve(chat, 0, log);
            } catch (IOException e) {
                log.println("serve ended: " + e);
            }
        }, "friends-server under test");
        thread.setDaemon(true);
        thread.start();
        return new Running(server, thread, screen);
    }

    /** The server's console: "answer xxx...", 60,000 characters a line, as many lines as asked for. */
    private static BufferedReader endlessLongAnswers() {
        String answer = "answer " + "x".repeat(60_000) + "\n";
        return new BufferedReader(new Reader() {
            private int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                int n = Math.min(len, answer.length() - pos);
                answer.getChars(pos, pos + n, buf, off);
                pos = (pos + n) % answer.length();
                return n;
            }

            @Override
            public void close() {
            }
        });
    }

    /**
     * A friend that offers a tiny receive window, sends 200 messages and never reads: their
     * answers (12 MB) are more than its receive buffer and the server's send buffer can hold.
     */
    private static Socket stalledFriend(Running running) throws IOException {
        Socket sk = new Socket();
        sk.setReceiveBufferSize(4096); // before connect: the window it offers stays small
        sk.connect(new InetSocketAddress("127.0.0.1", running.port()), 5_000);
        sk.getOutputStream().write(ALEX.repeat(200).getBytes(StandardCharsets.UTF_8));
        return sk;
    }

    /** Where the server's one thread is: inside {@code FriendsChat.send}, i.e. in a write. */
    private static boolean inSend(Thread server) {
        return Arrays.stream(server.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(FriendsChat.class.getName()) && f.getMethodName().equals("send"));
    }

    private static Socket nextFriend(Running running) throws IOException {
        Socket sk = new Socket();
        sk.connect(new InetSocketAddress("127.0.0.1", running.port()), 5_000);
        sk.getOutputStream().write(SIA.getBytes(StandardCharsets.UTF_8));
        return sk;
    }

    @Test
    @DisplayName("§10.1 a friend who sends and never reads: SO_TIMEOUT does not bound a write, the server stays in write, and the next friend gets no answer")
    void reproducesStalledFriendPinningTheServer() throws Exception {
        try (Running running = serve(Duration.ZERO); Socket stalled = stalledFriend(running)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> inSend(running.thread()));
            try (Socket next = nextFriend(running)) {
                next.setSoTimeout(1_000);

                assertThatThrownBy(() -> next.getInputStream().read()).as("the next friend gets no answer")
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(inSend(running.thread())).as("the server's one thread is still in write").isTrue();
                assertThat(running.screen().toString()).doesNotContain("sia");
            }
        }
    }

    @Test
    @DisplayName("§10.1 fix: a write deadline (lesson01's Deadlines) closes the stalled friend's connection, logs it once, and the next friend is served")
    void fixesStalledFriendWithAWriteDeadline() throws Exception {
        try (Running running = serve(Duration.ofMillis(500));
             Socket stalled = stalledFriend(running);
             Socket next = nextFriend(running)) {
            next.setSoTimeout(20_000);
            byte[] buf = new byte[7];
            int n = next.getInputStream().readNBytes(buf, 0, buf.length);

            assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).as("the next friend is served").isEqualTo("answer ");
            String screen = running.screen().toString();
            // after the prompt for the answer that was not taken: ">>>cut off ..."
            assertThat(screen.lines().filter(line -> line.contains("cut off ")))
                    .singleElement().asString().matches(">>>cut off 127\\.0\\.0\\.1:\\d+: an answer not taken in 500 ms \\(it does not read\\)");
            assertThat(screen).contains("sia: my turn?");
        }
    }
}
