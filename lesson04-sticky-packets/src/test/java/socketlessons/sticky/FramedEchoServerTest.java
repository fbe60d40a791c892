package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
        Socket sk = new Socket();
        sk.connect(server.address(), 5_000);
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
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                Random random = new Random(seed);
                try {
                    for (int i = 0; i < count; i++) {
                        byte[] body = new byte[size(random, i)];
                        random.nextBytes(body);
                        codec.writeFrame(out, body);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Random expected = new Random(seed);
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            MessageDigest echoed = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < count; i++) {
                byte[] body = new byte[size(expected, i)];
                expected.nextBytes(body);
                byte[] echo = codec.readFrame(in);
                assertThat(echo).as("message %d", i).hasSize(body.length);
                sent.update(body);
                echoed.update(echo);
                if (!java.util.Arrays.equals(body, echo)) {
                    assertThat(echo).as("message %d", i).isEqualTo(body);
                }
            }
            writing.get(10, TimeUnit.SECONDS);
            assertThat(echoed.digest()).isEqualTo(sent.digest());
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
        assertThat(log).anyMatch(l -> l.matches("(lost .*Connection reset.*|closing .*stream ended after 1 of 10 body bytes)"));
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
