package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that attack the server on purpose (issue 20): a drip that never finishes its
 * message, a client that sends and never reads, text that forges lines on the server's screen.
 * Each reproduction runs the server as it was (SO_TIMEOUT only, text printed raw); each fix
 * runs it as {@code server --timeout} runs it now.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§4 hostile clients: a drip, a client that does not read, text that forges a line")
class HostilePeerTest {

    /** {@code server --timeout}, short so that the tests are quick. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** How long a reproduction watches B wait: three times the timeout. */
    private static final int HELD_MILLIS = 3 * (int) TIMEOUT.toMillis();
    /** The server before the fix: SO_TIMEOUT alone (silence per read), no deadline per message or answer. */
    private static final ChatServer.Timeouts PER_READ_ONLY = new ChatServer.Timeouts(TIMEOUT, Duration.ZERO);
    /** A carriage return and an escape sequence (clear the screen): what the terminal shows is not what was sent. */
    private static final String FORGED = "hi\rconversation with 127.0.0.1:1 ended: the other side said q\u001b[2J";

    private final ScheduledExecutorService drips = Executors.newSingleThreadScheduledExecutor();
    /** The drip's last write began then ({@link System#nanoTime}); its longest gap so far, in nanoseconds (see {@link #longestDripGap()}). */
    private final AtomicLong lastDripStart = new AtomicLong();
    private final AtomicLong longestDripGap = new AtomicLong();

    @AfterEach
    void stopDripping() {
        drips.shutdownNow();
    }

    private static BufferedReader keyboard(String lines) {
        return new BufferedReader(new StringReader(lines));
    }

    /** The server's user answers every message with a line of 60,000 bytes, forever (as {@code yes | server} would). */
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
     * A client that offers a tiny receive window, sends 100 messages and never reads: their
     * answers (6 MB) are more than its receive buffer and the server's send buffer can hold.
     */
    private static Socket stalledReader(ChatFixture fixture) throws IOException {
        Socket sk = new Socket();
        sk.setReceiveBufferSize(4096); // before connect: the window it offers stays small
        sk.connect(new InetSocketAddress("127.0.0.1", fixture.port()), 5_000);
        sk.getOutputStream().write("m\n".repeat(100).getBytes(StandardCharsets.UTF_8));
        return sk;
    }

    /** Where the server's one thread is: inside {@code LineWire.send}, i.e. in a write. */
    private static boolean inSend(Thread server) {
        return Arrays.stream(server.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(LineWire.class.getName()) && f.getMethodName().equals("send"));
    }

    /**
     * One byte every 25 ms (20 per timeout), never a newline: no read waits long, and the message
     * never ends. Its gaps are kept (see {@link #longestDripGap()}): on a loaded machine the drip's
     * own thread can be held up (descheduled, a GC pause) as long as the server's read timeout.
     */
    private ScheduledFuture<?> drip(Socket client) throws IOException {
        OutputStream out = client.getOutputStream();
        return drips.scheduleAtFixedRate(() -> {
            long start = System.nanoTime();
            try {
                out.write('x');
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the server hung up: the drip stops
            } finally {
                long previous = lastDripStart.getAndSet(start); // one thread runs every write
                if (previous != 0) {
                    longestDripGap.accumulateAndGet(System.nanoTime() - previous, Math::max);
                }
            }
        }, 0, 25, TimeUnit.MILLISECONDS);
    }

    /**
     * The longest time the server may have waited for the drip's next byte: from the start of one
     * write to the end of the next (an upper bound), the one still to come counted until now.
     */
    private Duration longestDripGap() {
        return Duration.ofNanos(Math.max(longestDripGap.get(), System.nanoTime() - lastDripStart.get()));
    }

    private static void assertNoAnswerWhileHeld(Socket b) throws IOException {
        b.setSoTimeout(HELD_MILLIS);
        assertThatThrownBy(() -> b.getInputStream().read()).as("B gets no answer in three times the timeout")
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    @DisplayName("§4 a drip (one byte every 25 ms, never a newline): SO_TIMEOUT counts silence per read, never trips, and B waits past three times the timeout")
    void reproducesDripHoldingTheServerPastItsReadTimeout() throws Exception {
        try (ChatFixture fixture = new ChatFixture(keyboard("hi\n"), 0, PER_READ_ONLY, Wire.Format.LINES);
             Socket dripping = fixture.connect()) {
            ScheduledFuture<?> drip = drip(dripping);
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server.accepted() == 1);
            try (Socket b = fixture.connect()) {
                new LineWire(b).send("my turn?");

                b.setSoTimeout(HELD_MILLIS);
                Throwable held = catchThrowable(() -> b.getInputStream().read());
                // The drip is a drip only if no gap reached the read timeout: a drip thread held up that long
                // (a loaded machine) ends the conversation on SO_TIMEOUT, and this run shows nothing either way.
                Duration longestGap = longestDripGap();
                assumeTrue(longestGap.compareTo(TIMEOUT) < 0, () -> "the drip itself stalled for " + longestGap.toMillis() + " ms: not a drip this run");
                assertThat(held).as("B gets no answer in three times the timeout").isInstanceOf(SocketTimeoutException.class);
                assertThat(drip.isDone()).as("every byte of the drip was taken: the server still reads it").isFalse();
                assertThat(fixture.server.accepted()).isEqualTo(1);
                assertThat(fixture.screen()).doesNotContain("ended");
            }
        }
    }

    @Test
    @DisplayName("§4 fix: a deadline per message (server --timeout) cuts the drip off at the deadline, and B is served")
    void fixesDripWithADeadlinePerMessage() throws Exception {
        long start = System.nanoTime(); // before the drip connects: its deadline starts later
        try (ChatFixture fixture = new ChatFixture(keyboard("hi\n"), 0, ChatServer.Timeouts.of(TIMEOUT), Wire.Format.LINES);
             Socket dripping = fixture.connect();
             Socket b = fixture.connect()) {
            drip(dripping);
            LineWire bWire = new LineWire(b);
            bWire.send("my turn?");

            assertThat(bWire.receive()).as("B is served").isEqualTo("hi");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the drip was cut off at the deadline, not before")
                    .isGreaterThanOrEqualTo(TIMEOUT);
            assertThat(fixture.screen()).contains("ended: the other side sent no whole message in time");
        }
    }

    @Test
    @DisplayName("§4 a client that sends and never reads: SO_TIMEOUT does not bound a write, the server blocks in write, and B waits past three times the timeout")
    void reproducesStalledReaderHoldingTheServerInWrite() throws Exception {
        try (ChatFixture fixture = new ChatFixture(endlessLongAnswers(), 0, PER_READ_ONLY, Wire.Format.LINES);
             Socket stalled = stalledReader(fixture)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> inSend(fixture.thread));
            try (Socket b = fixture.connect()) {
                new LineWire(b).send("my turn?");

                assertNoAnswerWhileHeld(b);
                assertThat(inSend(fixture.thread)).as("the server's one thread is still in write").isTrue();
                assertThat(fixture.server.accepted()).isEqualTo(1);
            }
        }
    }

    @Test
    @DisplayName("§4 fix: a deadline per answer (server --timeout) cuts off a client that does not read, and B is served")
    void fixesStalledReaderWithADeadlinePerAnswer() throws Exception {
        try (ChatFixture fixture = new ChatFixture(endlessLongAnswers(), 0, ChatServer.Timeouts.of(TIMEOUT), Wire.Format.LINES);
             Socket stalled = stalledReader(fixture);
             Socket b = fixture.connect()) {
            LineWire bWire = new LineWire(b);
            bWire.send("my turn?");

            assertThat(bWire.receive()).as("B is served").startsWith("answer xxx");
            assertThat(fixture.screen()).contains("ended: the other side did not take our answer in time (it does not read)");
        }
    }

    @Test
    @DisplayName("§4 a peer's text forges a line: the course's loop prints a carriage return and an escape sequence raw")
    void reproducesPeerTextForgingALine() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = ChatFixture.connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            byte[] forged = FORGED.getBytes(StandardCharsets.UTF_8);
            client.getOutputStream().write(forged);
            await().atMost(Duration.ofSeconds(5)).until(() -> conn.getInputStream().available() == forged.length);
            StringWriter screen = new StringWriter();

            NaiveChatLoop.run(conn, keyboard("ok\n"), new PrintWriter(screen, true), 1);

            // on a terminal: "hi" is overwritten by a fake "ended" line, then the screen is cleared
            assertThat(screen.toString()).contains(FORGED);
        }
    }

    @Test
    @DisplayName("§4 fix: a message holding control characters is shown quoted and escaped: no forged line, no escape sequence")
    void fixesForgedLineByQuotingPeerText() throws Exception {
        try (ChatFixture fixture = new ChatFixture("ok\n", 1);
             Socket client = fixture.connect()) {
            LineWire wire = new LineWire(client);
            wire.send(FORGED);
            assertThat(wire.receive()).isEqualTo("ok");
            wire.send("q");
            fixture.awaitServed();

            assertThat(fixture.screen())
                    .contains("\n\"hi\\rconversation with 127.0.0.1:1 ended: the other side said q\\u001b[2J\"\n")
                    .doesNotContain("\r", "\u001b");
        }
    }

    @Test
    @DisplayName("§4 fix, the course's wire: a newline inside a bare-text message is shown escaped, on one line")
    void fixesForgedLineOnTheCourseWire() throws Exception {
        try (ChatFixture fixture = new ChatFixture(keyboard("ok\n"), 1, ChatServer.Timeouts.NONE, Wire.Format.COURSE);
             Socket client = fixture.connect()) {
            CourseWire wire = new CourseWire(client);
            wire.send("hi\nconversation with 127.0.0.1:1 ended: the other side said q");
            assertThat(wire.receive()).isEqualTo("ok");
            wire.send("q");
            fixture.awaitServed();

            assertThat(fixture.screen()).contains("\n\"hi\\nconversation with 127.0.0.1:1 ended: the other side said q\"\n");
            assertThat(fixture.screen().lines().filter(line -> line.startsWith("conversation with 127.0.0.1:1 "))).isEmpty();
        }
    }
}
