package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.Background;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§8 验证客户端的合法性: the challenge-response check")
@Execution(ExecutionMode.CONCURRENT) // each test has its own servers and clients: no state shared; most of it is waiting
class ChallengeTest {

    private static final byte[] KEY = "a key for the tests".getBytes(StandardCharsets.UTF_8);
    private static final String WELCOME = CheckedServer.WELCOME.strip();

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private CheckedServer server;

    /** Starts a server that serves client after client until the test ends. */
    private CheckedServer start(ChallengeCheck check, int timeoutMillis) throws IOException {
        server = new CheckedServer("127.0.0.1", 0, check, timeoutMillis, log::add);
        open.add(server);
        CheckedServer started = server;
        Background.call(() -> {
            started.serve(0);
            return null;
        });
        return server;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Socket connect() throws IOException {
        Socket sk = new Socket();
        sk.connect(server.address(), 5_000);
        sk.setSoTimeout(10_000);
        return sk;
    }

    private static String firstLine(Socket sk) throws IOException {
        return new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private static byte[] challengeOf(Socket sk) throws IOException {
        byte[] challenge = sk.getInputStream().readNBytes(ChallengeResponse.CHALLENGE_BYTES);
        assertThat(challenge).hasSize(ChallengeResponse.CHALLENGE_BYTES);
        return challenge;
    }

    @Test
    @DisplayName("§8 without the check, any client is served: a stranger who knows no key is welcomed")
    void reproducesAnyClientServedWithoutTheCheck() throws Exception {
        start(null, 5_000);
        try (Socket stranger = connect()) {
            assertThat(firstLine(stranger)).isEqualTo(WELCOME);
        }
    }

    @Test
    @DisplayName("§8 fix: with the check, a wrong key is hung up on before anything is served; the right key is served")
    void fixesStrangerServedWithTheCheck() throws Exception {
        start(new ChallengeCheck(KEY, Digest.SHA256), 5_000);
        try (Socket stranger = connect()) {
            CheckedClient.answer(stranger, "a guess".getBytes(StandardCharsets.UTF_8), Digest.SHA256);
            assertThat(HangUp.hungUpSilently(stranger)).as("hung up, not one byte served").isTrue();
        }
        try (Socket friend = connect()) {
            CheckedClient.answer(friend, KEY, Digest.SHA256);
            assertThat(firstLine(friend)).isEqualTo(WELCOME);
        }
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).matches("127\\.0\\.0\\.1:\\d+: refused: wrong answer");
        assertThat(log.get(1)).matches("127\\.0\\.0\\.1:\\d+: passed the check");
    }

    /** A friend logs in through a relay that records the answer; then an eavesdropper without the key sends it again. */
    private String replayRecordedAnswer() throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try (SniffingRelay wire = new SniffingRelay("127.0.0.1", 0, server.address(), seen::writeBytes, line -> { })) {
            try (Socket friend = new Socket()) {
                friend.connect(wire.address(), 5_000);
                friend.setSoTimeout(10_000);
                CheckedClient.answer(friend, KEY, Digest.SHA256);
                assertThat(firstLine(friend)).isEqualTo(WELCOME); // the server had the answer, so the relay recorded it
            }
            byte[] recorded = seen.toByteArray();
            assertThat(recorded).as("the friend's answer, recorded on the wire").hasSize(Digest.SHA256.answerLength());
            try (Socket eavesdropper = connect()) {
                challengeOf(eavesdropper); // whatever it is: the eavesdropper cannot compute an answer
                eavesdropper.getOutputStream().write(recorded);
                return firstLine(eavesdropper);
            }
        }
    }

    @Test
    @DisplayName("§8 replay: when the challenge repeats, an answer recorded on the wire lets an eavesdropper in without the key")
    void reproducesReplayWhenTheChallengeRepeats() throws Exception {
        start(ChallengeCheck.repeatingChallenge(KEY, Digest.SHA256, "the same challenge every time!!!".getBytes(StandardCharsets.US_ASCII)), 5_000);

        assertThat(replayRecordedAnswer()).isEqualTo(WELCOME);
    }

    @Test
    @DisplayName("§8 fix: a fresh random challenge per client makes the recorded answer worthless: the replay is hung up on")
    void fixesReplayWithAFreshChallenge() throws Exception {
        start(new ChallengeCheck(KEY, Digest.SHA256), 5_000);

        assertThat(replayRecordedAnswer()).isNull();
        assertThat(log).last().asString().endsWith(": refused: wrong answer");
    }

    @Test
    @DisplayName("§8 no timeout (the course's server): a client that never answers holds the server; the next one gets no challenge")
    void reproducesSilentClientHoldingTheServer() throws Exception {
        start(new ChallengeCheck(KEY, Digest.SHA256), 0);
        Socket silent = connect();
        open.add(silent);
        try (Socket next = connect()) {
            challengeOf(silent); // the server now waits for its answer, for ever
            next.setSoTimeout(300);
            assertThatThrownBy(() -> next.getInputStream().read())
                    .as("no challenge for the next client while the silent one is connected")
                    .isInstanceOf(SocketTimeoutException.class);
            silent.close(); // only when the silent client leaves does the server move on
            next.setSoTimeout(10_000);
            challengeOf(next);
        }
    }

    @Test
    @DisplayName("§8 fix: with a timeout, a client that never answers is cut off and the next client is served")
    void fixesSilentClientWithATimeout() throws Exception {
        // 2 s: the silent client is cut off at the deadline for sure, and the next one's answer,
        // however busy the machine, comes well within it (at 200 ms a loaded machine missed it)
        start(new ChallengeCheck(KEY, Digest.SHA256), 2_000);
        try (Socket silent = connect(); Socket next = connect()) {
            challengeOf(silent);
            assertThat(silent.getInputStream().read()).as("cut off").isEqualTo(-1);
            CheckedClient.answer(next, KEY, Digest.SHA256);
            assertThat(firstLine(next)).isEqualTo(WELCOME);
        }
        assertThat(log.get(0)).endsWith(": refused: no answer in time");
    }

    /** Sends {@code answer} one byte at a time, a pause after each; stops when the server has hung up. */
    private static void drip(Socket sk, byte[] answer, long pauseMillis) {
        try {
            OutputStream out = sk.getOutputStream();
            for (byte b : answer) {
                out.write(b);
                out.flush();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis)); // the client's pace, not a wait for another thread
            }
        } catch (IOException e) {
            // hung up on: what the fix does
        }
    }

    @Test
    @DisplayName("§8 a timeout per read: a client that drips its answer, a byte every 100 ms, is never silent for 2 s, and is let in after 32 bytes and about 3 s")
    void reproducesDripFeedingPastAReadTimeout() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // The server's step as it was: SO_TIMEOUT alone, 2 s of silence per read. Far above the
            // drip's 100 ms: under load a stalled thread (a GC pause) once made a 600 ms gap of a 30 ms drip.
            CompletableFuture<ChallengeCheck.Verdict> verdict = Background.call(() -> {
                try (Socket conn = listening.accept()) {
                    conn.setSoTimeout(2_000);
                    return new ChallengeCheck(KEY, Digest.SHA256).run(conn.getInputStream(), conn.getOutputStream());
                }
            });
            long start = System.nanoTime();
            try (Socket client = new Socket()) {
                client.connect(listening.getLocalSocketAddress(), 5_000);
                client.setSoTimeout(10_000);
                drip(client, ChallengeResponse.answer(KEY, challengeOf(client), Digest.SHA256), 100);
                assertThat(verdict.get(20, TimeUnit.SECONDS)).isEqualTo(new ChallengeCheck.Verdict(true, "passed the check"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("31 pauses of 100 ms: longer than the timeout").isGreaterThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    @DisplayName("§8 fix: a deadline for the whole answer (lesson01's Deadlines): the drip is cut off at 600 ms, and the next client is served")
    void fixesDripFeedingWithADeadlinePerAnswer() throws Exception {
        start(new ChallengeCheck(KEY, Digest.SHA256), 600);
        try (Socket dripping = connect(); Socket next = connect()) {
            drip(dripping, ChallengeResponse.answer(KEY, challengeOf(dripping), Digest.SHA256), 30);
            assertThat(HangUp.hungUpSilently(dripping)).as("cut off, nothing served").isTrue();
            CheckedClient.answer(next, KEY, Digest.SHA256);
            assertThat(firstLine(next)).isEqualTo(WELCOME);
        }
        assertThat(log.get(0)).matches("127\\.0\\.0\\.1:\\d+: refused: \\d+ of 32 answer bytes in time");
    }

    @Test
    @DisplayName("§8 bad input: a client that passed and then never reads its echo is cut off at the write deadline; the next client is served")
    void cutsOffClientThatDoesNotReadItsEcho() throws Exception {
        start(new ChallengeCheck(KEY, Digest.SHA256), 500);
        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096); // before connect: the window it offers stays small
            stuck.connect(server.address(), 5_000);
            CheckedClient.answer(stuck, KEY, Digest.SHA256);
            CompletableFuture<Void> flooding = Background.call(() -> {
                byte[] lines = "never read\n".repeat(1_000).getBytes(StandardCharsets.US_ASCII);
                try {
                    while (true) {
                        stuck.getOutputStream().write(lines); // until the server's echo blocks, then ours
                    }
                } catch (IOException e) {
                    return null; // cut off
                }
            });
            flooding.get(25, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 2);
        assertThat(log.get(1)).endsWith(": cut off: it did not take its echo in time (it sends but does not read)");
        try (Socket next = connect()) {
            CheckedClient.answer(next, KEY, Digest.SHA256);
            assertThat(firstLine(next)).isEqualTo(WELCOME);
        }
    }

    @Test
    @DisplayName("§8 bad input: a short answer (16-byte MD5 to a SHA-256 server) is refused, whether the client closes or waits; so is a long one")
    void refusesAnswerOfWrongLength() throws Exception {
        // 2 s: the client that waits is cut off at the deadline for sure, and the 16 bytes each
        // client writes after its challenge come well within it (at 200 ms a loaded machine missed it)
        start(new ChallengeCheck(KEY, Digest.SHA256), 2_000);
        try (Socket closes = connect()) {
            closes.getOutputStream().write(ChallengeResponse.answer(KEY, challengeOf(closes), Digest.MD5));
            closes.shutdownOutput(); // 16 bytes, then the end
            assertThat(HangUp.hungUpSilently(closes)).isTrue();
        }
        try (Socket waits = connect()) {
            waits.getOutputStream().write(ChallengeResponse.answer(KEY, challengeOf(waits), Digest.MD5));
            assertThat(HangUp.hungUpSilently(waits)).as("16 bytes, then waiting for a welcome: cut off").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 2);
        assertThat(log.get(0)).endsWith(": refused: answer of 16 bytes, 32 expected (the client closed)");
        assertThat(log.get(1)).endsWith(": refused: 16 of 32 answer bytes in time");
        server.close();

        start(new ChallengeCheck(KEY, Digest.MD5), 5_000);
        try (Socket shaClient = connect()) {
            shaClient.getOutputStream().write(ChallengeResponse.answer(KEY, challengeOf(shaClient), Digest.SHA256));
            await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 3);
            assertThat(log.get(2)).as("the first 16 bytes are judged, and are wrong").endsWith(": refused: wrong answer");
            assertThat(HangUp.hungUpSilently(shaClient)).isTrue();
        }
    }

    @Test
    @DisplayName("§8 拆包: a right answer that arrives one byte at a time is accepted (the server loops over short reads)")
    void acceptsAnswerArrivingInPieces() throws Exception {
        start(new ChallengeCheck(KEY, Digest.SHA256), 5_000);
        try (Socket friend = connect()) {
            friend.setTcpNoDelay(true); // each byte its own segment
            OutputStream out = friend.getOutputStream();
            for (byte b : ChallengeResponse.answer(KEY, challengeOf(friend), Digest.SHA256)) {
                out.write(b);
                out.flush();
            }
            assertThat(firstLine(friend)).isEqualTo(WELCOME);
        }
    }

    @Test
    @DisplayName("§8 the check without a network: challenge out, answer in, a verdict; the same answer again fails")
    void checksWithoutANetwork() throws Exception {
        ChallengeCheck check = new ChallengeCheck(KEY, Digest.SHA256);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream answered = new ByteArrayOutputStream();
        // The client's side: answers, at the check's first read, the challenge the check has written.
        InputStream client = new InputStream() {
            private ByteArrayInputStream answer;

            @Override
            public int read() {
                if (answer == null) {
                    byte[] bytes = ChallengeResponse.answer(KEY, sent.toByteArray(), Digest.SHA256);
                    answered.writeBytes(bytes);
                    answer = new ByteArrayInputStream(bytes);
                }
                return answer.read();
            }
        };

        assertThat(check.run(client, sent)).isEqualTo(new ChallengeCheck.Verdict(true, "passed the check"));
        assertThat(sent.size()).isEqualTo(32);
        assertThat(check.run(new ByteArrayInputStream(answered.toByteArray()), OutputStream.nullOutputStream()))
                .isEqualTo(new ChallengeCheck.Verdict(false, "refused: wrong answer"));
    }

    @Test
    @DisplayName("§8 the key comes from a file or SOCKET_LESSONS_KEY, never from the code; none at all is a clear error")
    void loadsKeyFromFileOrEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.txt");
        Files.writeString(file, "correct horse battery staple\n");
        assertThat(SecretKeys.load(file, Map.of())).isEqualTo("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
        assertThat(SecretKeys.load(null, Map.of("SOCKET_LESSONS_KEY", "from env"))).isEqualTo("from env".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SecretKeys.load(null, Map.of()))
                .isInstanceOf(IOException.class).hasMessage("no key: give --key-file FILE or set SOCKET_LESSONS_KEY");
        Files.writeString(file, " \n");
        assertThatThrownBy(() -> SecretKeys.load(file, Map.of()))
                .isInstanceOf(IOException.class).hasMessage("the key in " + file + " is empty");
    }
}
