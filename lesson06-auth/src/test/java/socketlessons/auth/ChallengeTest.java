package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.ConsoleRun;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§8 验证客户端的合法性: the challenge-response check")
class ChallengeTest {

    private static final byte[] KEY = "a key for the tests".getBytes(StandardCharsets.UTF_8);

    private final List<String> log = new CopyOnWriteArrayList<>();
    private CheckedServer server;

    private CheckedServer start(byte[] key, Digest digest, int timeoutMillis) throws IOException {
        server = new CheckedServer("127.0.0.1", 0, key, digest, timeoutMillis, log::add);
        CompletableFuture.runAsync(() -> {
            try {
                server.serve(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
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

    @Test
    @DisplayName("§8 without the check, any client is served, key or no key")
    void reproducesAnyClientServedWithoutTheCheck() throws Exception {
        start(null, Digest.SHA256, 5_000);
        try (Socket stranger = connect()) {
            assertThat(firstLine(stranger)).isEqualTo(CheckedServer.WELCOME.strip());
        }
    }

    @Test
    @DisplayName("§8 fix: with the check, the right key is served and a wrong key is hung up on before anything is served")
    void fixesStrangersWithTheCheck() throws Exception {
        start(KEY, Digest.SHA256, 5_000);
        try (Socket stranger = connect()) {
            CheckedClient.answer(stranger, "a guess".getBytes(StandardCharsets.UTF_8), Digest.SHA256);
            assertThat(firstLine(stranger)).as("hung up, nothing served").isNull();
        }
        try (Socket friend = connect()) {
            CheckedClient.answer(friend, KEY, Digest.SHA256);
            assertThat(firstLine(friend)).isEqualTo(CheckedServer.WELCOME.strip());
        }
        assertThat(log).anyMatch(l -> l.endsWith(": refused: wrong answer")).anyMatch(l -> l.endsWith(": passed the check"));
    }

    @Test
    @DisplayName("§8 a recorded answer replayed against a new challenge fails: each challenge is new")
    void refusesReplayedAnswer() throws Exception {
        start(KEY, Digest.SHA256, 5_000);
        byte[] recorded;
        try (Socket friend = connect()) {
            byte[] challenge = friend.getInputStream().readNBytes(ChallengeResponse.CHALLENGE_BYTES);
            recorded = ChallengeResponse.answer(KEY, challenge, Digest.SHA256);
            friend.getOutputStream().write(recorded);
            assertThat(firstLine(friend)).isEqualTo(CheckedServer.WELCOME.strip());
        }
        try (Socket replayer = connect()) {
            byte[] fresh = replayer.getInputStream().readNBytes(ChallengeResponse.CHALLENGE_BYTES);
            replayer.getOutputStream().write(recorded);
            assertThat(firstLine(replayer)).isNull();
            assertThat(ChallengeResponse.verify(KEY, fresh, recorded, Digest.SHA256)).isFalse();
        }
    }

    @Test
    @DisplayName("§8 a client that never answers is cut off after the timeout; the next client is served")
    void cutsOffClientThatNeverAnswers() throws Exception {
        start(KEY, Digest.SHA256, 200);
        try (Socket silent = connect()) {
            silent.getInputStream().readNBytes(ChallengeResponse.CHALLENGE_BYTES);
            assertThat(silent.getInputStream().read()).as("cut off").isEqualTo(-1);
        }
        try (Socket friend = connect()) {
            CheckedClient.answer(friend, KEY, Digest.SHA256);
            assertThat(firstLine(friend)).isEqualTo(CheckedServer.WELCOME.strip());
        }
        assertThat(log).anyMatch(l -> l.endsWith(": refused: no answer within 200 ms"));
    }

    @Test
    @DisplayName("§8 an answer of the wrong length is refused (16-byte MD5 against a SHA-256 server)")
    void refusesAnswerOfWrongLength() throws Exception {
        start(KEY, Digest.SHA256, 5_000);
        try (Socket md5Client = connect()) {
            byte[] challenge = md5Client.getInputStream().readNBytes(ChallengeResponse.CHALLENGE_BYTES);
            md5Client.getOutputStream().write(ChallengeResponse.answer(KEY, challenge, Digest.MD5));
            md5Client.shutdownOutput();
            assertThat(firstLine(md5Client)).isNull();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> log.stream().anyMatch(l -> l.endsWith(": refused: answer of 16 bytes, 32 expected")));
    }

    @Test
    @DisplayName("§8 the key comes from a file or SOCKET_LESSONS_KEY, never from the code; none at all is a clear error")
    void loadsKeyFromFileOrEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.txt");
        Files.writeString(file, "alexsb\n");
        assertThat(SecretKeys.load(file, Map.of())).isEqualTo("alexsb".getBytes(StandardCharsets.UTF_8));
        assertThat(SecretKeys.load(null, Map.of("SOCKET_LESSONS_KEY", "from env"))).isEqualTo("from env".getBytes(StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecretKeys.load(null, Map.of()))
                .isInstanceOf(IOException.class).hasMessage("no key: give --key-file FILE or set SOCKET_LESSONS_KEY");
    }

    @Test
    @DisplayName("§8 the course's Python client as written fails on Python 3.8+: hmac.new(key, msg) needs a digestmod")
    void reproducesCourseClientFailingOnModernPython() throws Exception {
        start(KEY, Digest.MD5, 5_000);
        try (CoursePython client = CoursePython.start(ChallengeTest.class, "course/client.py", server.address().getPort())) {
            assertThat(client.awaitExit()).isNotZero();
            assertThat(client.errors()).contains("TypeError").contains("digestmod");
        }
    }

    @Test
    @DisplayName("§8 interop: the course's client with digestmod='md5' (its original wire form) is accepted by server --digest md5")
    void acceptsCourseClientWithMd5(@TempDir Path dir) throws Exception {
        CoursePython.assumePython();
        Path keyFile = dir.resolve("key.txt");
        Files.writeString(keyFile, "alexsb");
        try (ConsoleRun java = ConsoleRun.start(Launcher::run, "server", "--port", "0", "--digest", "md5", "--key-file", keyFile.toString());
             CoursePython client = CoursePython.start(ChallengeTest.class, "course/client_md5.py", java.awaitListeningPort())) {
            assertThat(client.awaitExit()).as(client.errors()).isZero();
            assertThat(client.output()).contains("welcome: you are one of us");
            java.awaitOutput("passed the check");
        }
    }
}
