package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.Background;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§8 and §10.2 with Python: the course's client and ours on the same wire")
class CoursePythonTest {

    @Test
    @DisplayName("§8 the course's client as written fails on Python 3.8+: hmac.new(key, msg) raises TypeError, it needs a digestmod")
    void reproducesCourseClientTypeErrorOnModernPython() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (CheckedServer server = new CheckedServer("127.0.0.1", 0, new ChallengeCheck("alexsb".getBytes(StandardCharsets.US_ASCII), Digest.MD5), 10_000, log::add)) {
            CompletableFuture<Void> serving = Background.call(() -> {
                server.serve(1);
                return null;
            });
            try (CoursePython client = CoursePython.start(CoursePythonTest.class, "course/client.py", server.address().getPort())) {
                assertThat(client.awaitExit()).isEqualTo(1);
                assertThat(client.errors()).contains("hmac.new(secret_key, randseq)")
                        .contains("TypeError: Missing required parameter 'digestmod'.");
            }
            serving.get(10, TimeUnit.SECONDS);
            assertThat(log).singleElement().asString().endsWith(": refused: answer of 0 bytes, 16 expected (the client closed)");
        }
    }

    @Test
    @DisplayName("§8 fix: the course's client with digestmod='md5' (its original wire form) is accepted by server --digest md5")
    void fixesCourseClientWithDigestmodMd5(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("key.txt");
        Files.writeString(keyFile, "alexsb");
        try (CliRun java = CliRun.start(Launcher::run, "server", "--port", "0", "--digest", "md5",
                "--key-file", keyFile.toString(), "--clients", "1");
             CoursePython client = CoursePython.start(CoursePythonTest.class, "course/client_digestmod.py", java.awaitListeningPort())) {
            assertThat(client.awaitExit()).as(client.errors()).isZero();
            assertThat(client.output()).isEqualTo("welcome: you are one of us\n\n");
            assertThat(java.awaitExit()).isZero();
            assertThat(java.output()).containsPattern("127\\.0\\.0\\.1:\\d+: passed the check");
        }
    }

    @Test
    @DisplayName("§10.2 a Python client speaks the login wire: one JSON document per line each way")
    void pythonClientLogsInWithJsonLines(@TempDir Path dir) throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), new PasswordHasher(10));
        store.register("alice", "open sesame");
        try (LoginServer server = new LoginServer(LoginServer.plain("127.0.0.1", 0),
                new LoginService(store, new LoginThrottle(Clock.systemUTC())), line -> { }).start();
             CoursePython client = CoursePython.start(CoursePythonTest.class, "python/login_client.py", server.address().getPort())) {
            client.type("alice");
            client.type("open sesame");
            assertThat(client.awaitExit()).as(client.errors()).isZero();
            assertThat(client.output()).isEqualTo("username:password:welcome alice\n");
        }
    }
}
