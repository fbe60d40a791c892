package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.Background;

// Each test has a server, a log and threads of its own, and most of it is waiting for a timeout or a deadline.
@Execution(ExecutionMode.CONCURRENT)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§6.2 the framed echo server: any slicing, and clients that send garbage")
class FramedEchoServerTest {

    private final LengthPrefixCodec codec = new LengthPrefixCodec();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private FramedEchoServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FramedEchoServer("127.0.0.1", 0, codec, log::add).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Waits for the server's log, checking every few milliseconds. */
    private static ConditionFactory awaitLog() {
        return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    private Socket connect() throws Exception {
        return connect(server.address());
    }

    private static Socket connect(InetSocketAddress address) throws Exception {
        Socket sk = new Socket();
        sk.connect(address, 5_000);
        sk.setSoTimeout(10_000);
        return sk;
    }

    private void assertEchoes(Socket sk, String text) throws Exception {
        codec.writeFrame(sk.getOutputStream(), text.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(codec.readFrame(sk.getInputStream()), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    /**
     * Message sizes from 0 to 1 MiB, seeded: the bounds themselves first (0 and exactly 1 MiB),
     * then mostly small (97%, under 300 bytes, as chat messages are), 2.8% under 64 KiB, and
     * 0.2% anywhere up to 1 MiB. About 20 MB each way: the whole range, in a second or two.
     */
    private static int size(Random random, int i) {
        if (i == 0) {
            return 0;
        }
        if (i == 1) {
            return 1 << 20;
        }
        int kind = random.nextInt(1000);
        if (kind < 2) {
            return random.nextInt((1 << 20) + 1);
        }
        if (kind < 30) {
            return random.nextInt(64 * 1024);
        }
        return random.nextInt(300);
    }

    @Test
    @DisplayName("§6.2 fix: 10,000 random messages (0 B to 1 MiB, seeded) go through the slicing relay and come back the same, in order")
    void roundTripsTenThousandRandomMessagesThroughTheRelay() throws Exception {
        int count = 10_000;
        long seed = 2024;
        try (ResegmentingRelay relay = new ResegmentingRelay(server.address(), seed, 64 * 1024, 20, log::add);
             Socket sk = new Socket()) {
            sk.connect(relay.address(), 5_000);
            sk.setSoTimeout(20_000);
            OutputStream out = new BufferedOutputStream(sk.getOutputStream(), 64 * 1024);
            InputStream in = new BufferedInputStream(sk.getInputStream(), 64 * 1024);
            // The writer runs ahead of the reader; each side regenerates the same messages from the seed.
            CompletableFuture<Void> writing = Background.call(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < count; i++) {
                    byte[] body = new byte[size(random, i)];
                    random.nextBytes(body);
                    codec.writeFrame(out, body);
                }
                return null;
            });
            // Each echo is compared whole with its message, so a digest of the two streams could add nothing.
            Random expected = new Random(seed);
            for (int i = 0; i < count; i++) {
                byte[] body = new byte[size(expected, i)];
                expected.nextBytes(body);
                byte[] echo = codec.readFrame(in);
                assertThat(echo).as("message %d", i).hasSize(body.length);
                if (!java.util.Arrays.equals(body, echo)) {
                    assertThat(echo).as("message %d", i).isEqualTo(body);
                }
            }
            writing.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("§6.2 the threads are the caller's: each client is served on a thread from the given ThreadFactory, answered by the given reply")
    void servesEachClientOnAThreadFromTheGivenFactory() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        };
        UnaryOperator<byte[]> upper = body -> new String(body, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        try (FramedEchoServer upperServer = new FramedEchoServer("127.0.0.1", 0, codec, log::add, factory, upper).start();
             Socket sk = new Socket()) {
            sk.connect(upperServer.address(), 5_000);
            sk.setSoTimeout(10_000);
            codec.writeFrame(sk.getOutputStream(), "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(codec.readFrame(sk.getInputStream()), StandardCharsets.UTF_8)).isEqualTo("HELLO");
            assertThat(made).singleElement().satisfies(t -> assertThat(t.getName()).startsWith("echo /127.0.0.1:"));
        }
    }

    /** Threads made by a factory the test holds: where each client's thread is and whether it ended. */
    private static final class Threads implements ThreadFactory {
        final List<Thread> made = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        }

        /** The first client's thread is blocked in our writeFrame: it cannot send the echo. */
        boolean blockedWritingTheEcho() {
            return !made.isEmpty() && made.get(0).isAlive() && java.util.Arrays.stream(made.get(0).getStackTrace())
                    .anyMatch(f -> f.getClassName().equals(LengthPrefixCodec.class.getName()) && f.getMethodName().equals("writeFrame"));
        }
    }

    /**
     * A client that sends one 16 MiB frame and never reads: the server reads the frame whole,
     * then its echo fills the client's small receive buffer and its own send buffer (4 MiB at most
     * on Linux) and its write blocks. Returns once the client has sent every byte.
     */
    private Socket connectClientThatStopsReading(InetSocketAddress address) throws Exception {
        Socket sk = new Socket();
        sk.setReceiveBufferSize(4096);
        sk.connect(address, 5_000);
        codec.writeFrame(sk.getOutputStream(), new byte[LengthPrefixCodec.DEFAULT_MAX_FRAME]);
        return sk;
    }

    @Test
    @DisplayName("§6 issue 20 a client that stops reading: with the read timeout alone, its thread stays blocked in write long after the timeout")
    void reproducesClientThatStopsReadingPinningItsThread() throws Exception {
        Threads threads = new Threads();
        try (FramedEchoServer pinned = new FramedEchoServer("127.0.0.1", 0, codec, log::add, threads)
                .timeouts(Duration.ofMillis(500), Duration.ZERO).start();
             Socket sk = connectClientThatStopsReading(pinned.address())) {
            await().atMost(Duration.ofSeconds(10)).until(threads::blockedWritingTheEcho);

            // Three times the read timeout later, still there: setSoTimeout covers reads, never writes.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(threads::blockedWritingTheEcho);
            assertThat(log).isEmpty();
        }
    }

    @Test
    @DisplayName("§6 issue 20 fix: a deadline per frame (lesson01's Deadlines) closes a client that stops reading; its thread ends")
    void fixesClientThatStopsReadingWithADeadlinePerFrame() throws Exception {
        Threads threads = new Threads();
        try (FramedEchoServer guarded = new FramedEchoServer("127.0.0.1", 0, codec, log::add, threads)
                .timeouts(Duration.ofMillis(500), Duration.ofSeconds(1)).start();
             Socket other = new Socket()) {
            // On a loaded machine the 16 MiB may take longer than the deadline to send: cut off then too, the same fix.
            CompletableFuture<Socket> client = Background.call(() -> connectClientThatStopsReading(guarded.address()));
            awaitLog().atMost(Duration.ofSeconds(10)).until(() -> !log.isEmpty());
            assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:\\d+: cut off, a frame and its echo took more"
                    + " than 1 s \\(it sends too slowly, or does not read\\)");
            try {
                client.get(10, TimeUnit.SECONDS).close();
            } catch (java.util.concurrent.ExecutionException cutWhileSending) {
                assertThat(cutWhileSending).hasCauseInstanceOf(java.net.SocketException.class);
            }
            threads.made.get(0).join(5_000);
            assertThat(threads.made.get(0).isAlive()).as("the client's thread is free again").isFalse();

            other.connect(guarded.address(), 5_000);
            other.setSoTimeout(10_000);
            codec.writeFrame(other.getOutputStream(), "next".getBytes(StandardCharsets.UTF_8));
            assertThat(codec.readFrame(other.getInputStream())).asString(StandardCharsets.UTF_8).isEqualTo("next");
        }
    }

    @Test
    @DisplayName("§6 issue 20 fix: a client that drips a frame one byte at a time, each within the read timeout, is cut off at the frame's deadline")
    void fixesDripFeedingClientWithADeadlinePerFrame() throws Exception {
        java.util.concurrent.ScheduledExecutorService dripper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (FramedEchoServer guarded = new FramedEchoServer("127.0.0.1", 0, codec, log::add)
                .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)).start();
             Socket sk = connect(guarded.address())) {
            OutputStream out = sk.getOutputStream();
            out.write(new byte[] {0, 0, 0, 100}); // 100 bytes announced
            // One byte every 100 ms: never a second of silence, so only the deadline can end it.
            dripper.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                } catch (Exception gone) {
                    throw new IllegalStateException(gone); // ends the drip
                }
            }, 100, 100, TimeUnit.MILLISECONDS);

            assertThat(sk.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
            awaitLog().until(() -> !log.isEmpty());
            assertThat(log).singleElement().asString().endsWith(": cut off, a frame and its echo took more than 2 s (it sends too slowly, or does not read)");
        } finally {
            dripper.shutdownNow();
        }
    }

    @Test
    @DisplayName("§6 a client silent between frames is hung up on after the read timeout, logged")
    void hangsUpOnSilentClient() throws Exception {
        try (FramedEchoServer guarded = new FramedEchoServer("127.0.0.1", 0, codec, log::add)
                .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10)).start();
             Socket sk = connect(guarded.address())) {
            assertEchoes(sk, "one frame, then silence");
            assertThat(sk.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
            awaitLog().until(() -> !log.isEmpty());
            assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:\\d+: silent for 1 s");
        }
    }

    @Test
    @DisplayName("§6 bad input: a length of -1 closes that client, logged; another connected client is still served")
    void closesClientWithNegativeLengthAndServesOthers() throws Exception {
        try (Socket good = connect(); Socket bad = connect()) {
            assertEchoes(good, "before");
            bad.getOutputStream().write(new byte[] {-1, -1, -1, -1});

            assertThat(bad.getInputStream().read()).as("the server closed the bad client").isEqualTo(-1);
            assertEchoes(good, "after");
        }
        awaitLog().until(() -> log.stream().anyMatch(l -> l.endsWith(": frame length -1 is negative")));
        assertThat(log).anyMatch(l -> l.matches("closing 127\\.0\\.0\\.1:\\d+: frame length -1 is negative"));
    }

    @Test
    @DisplayName("§6 bad input: a claim of 2 GB is refused at once, without allocating it; others go on")
    void closesClientClaimingTwoGigabytes() throws Exception {
        try (Socket good = connect(); Socket bad = connect()) {
            bad.getOutputStream().write(new byte[] {0x7f, -1, -1, -1});

            assertThat(bad.getInputStream().read()).isEqualTo(-1);
            assertEchoes(good, "still here");
        }
        awaitLog().until(() -> log.stream()
                .anyMatch(l -> l.endsWith(": frame length 2147483647 is above the maximum of 16777216 bytes")));
    }

    @Test
    @DisplayName("§6 bad input: a client that vanishes after 3 of 4 header bytes, or inside a body, is logged; others go on")
    void logsClientsThatVanishMidFrame() throws Exception {
        try (Socket good = connect()) {
            try (Socket header = connect()) {
                header.getOutputStream().write(new byte[] {0, 0, 0});
            }
            try (Socket body = connect()) {
                body.getOutputStream().write(new byte[] {0, 0, 0, 10, 'a', 'b'});
            }
            assertEchoes(good, "served");
        }
        awaitLog().until(() -> log.stream().filter(l -> l.startsWith("closing ")).count() == 2);
        assertThat(log).anyMatch(l -> l.endsWith(": stream ended after 3 of 4 header bytes"))
                .anyMatch(l -> l.endsWith(": stream ended after 2 of 10 body bytes"));
    }

    @Test
    @DisplayName("§6 bad input: a client that resets mid-frame (SO_LINGER 0) is logged; others go on")
    void logsClientThatResetsMidFrame() throws Exception {
        try (Socket good = connect()) {
            Socket resetting = connect();
            resetting.getOutputStream().write(new byte[] {0, 0, 0, 10, 'a'});
            resetting.setSoLinger(true, 0);
            resetting.close(); // RST instead of FIN

            assertEchoes(good, "served");
        }
        awaitLog().until(() -> log.stream().anyMatch(l -> l.startsWith("lost ") || l.startsWith("closing ")));
        // Linux and macOS say "Connection reset"; Windows may also say the connection was aborted (WSAECONNABORTED).
        assertThat(log).anyMatch(l -> l.matches("(lost 127\\.0\\.0\\.1:\\d+: java\\.net\\.SocketException: .*(reset|aborted).*"
                + "|closing 127\\.0\\.0\\.1:\\d+: stream ended after 1 of 10 body bytes)"));
    }

    @Test
    @DisplayName("§6 bad input: garbage text is read as a huge length and refused; others go on")
    void refusesGarbageText() throws Exception {
        try (Socket good = connect(); Socket bad = connect()) {
            bad.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(bad.getInputStream().read()).isEqualTo(-1);
            assertEchoes(good, "served");
        }
        // "GET " is 0x47455420: 1,195,725,856 bytes claimed.
        awaitLog().until(() -> log.stream()
                .anyMatch(l -> l.endsWith(": frame length 1195725856 is above the maximum of 16777216 bytes")));
    }

    @Test
    @DisplayName("§6.2 byte order: a big-endian server reads the course's little-endian header as a huge length and refuses it")
    void reproducesByteOrderMismatch() throws Exception {
        try (Socket sk = connect()) {
            sk.getOutputStream().write(new LengthPrefixCodec(ByteOrder.LITTLE_ENDIAN, 100).encode("hello".getBytes(StandardCharsets.UTF_8)));
            assertThat(sk.getInputStream().read()).isEqualTo(-1);
        }
        // 05 00 00 00 read big-endian is 83,886,080.
        awaitLog().until(() -> log.stream()
                .anyMatch(l -> l.endsWith(": frame length 83886080 is above the maximum of 16777216 bytes")));
    }
}
