package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson06 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly(
                "server", "client", "login-server", "register", "login", "guess", "make-cert", "relay", "demo");
    }

    @Test
    @DisplayName("§8 server and client with a key file: the client passes and is served")
    void serverAndClientWithKeyFile(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.txt");
        Files.writeString(key, "correct horse battery staple");
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", "0", "--key-file", key.toString())) {
            int port = server.awaitListeningPort();
            ConsoleRun.Result client = ConsoleRun.run(Launcher::run, "hello\nq\n", "client", "--port", Integer.toString(port), "--key-file", key.toString());
            assertThat(client.exitCode()).isZero();
            assertThat(client.output().lines()).containsExactly("welcome: you are one of us", "HELLO");
        }
    }

    @Test
    @DisplayName("§10.2 make-cert, login-server --tls, register and login --tls, and relay: the login works and the relay sees no password")
    void tlsLoginThroughTheRelay(@TempDir Path dir) throws Exception {
        ConsoleRun.Result cert = ConsoleRun.run(Launcher::run, "", "make-cert", "--dir", dir.toString());
        assertThat(cert.exitCode()).isZero();
        assertThat(cert.output()).contains("keystore.p12 (the server's private key)", "server.crt (give this to clients)");
        String[] tls = {"--tls", "--trust", dir.resolve("server.crt").toString()};
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "login-server", "--port", "0", "--iterations", "1000",
                "--users", dir.resolve("users.txt").toString(), "--tls", "--keystore", dir.resolve("keystore.p12").toString())) {
            int port = server.awaitListeningPort();
            assertThat(server.output()).contains("(TLS)");
            try (ConsoleRun relay = ConsoleRun.start(Launcher::run, "relay", "--port", "0", "--to", "127.0.0.1:" + port)) {
                String relayPort = Integer.toString(relay.awaitListeningPort());
                ConsoleRun.Result registered = ConsoleRun.run(Launcher::run, "open sesame\n", concat(new String[] {"register", "--port", relayPort, "--user", "alice"}, tls));
                assertThat(registered.output()).isEqualTo("registered alice" + System.lineSeparator());
                ConsoleRun.Result wrong = ConsoleRun.run(Launcher::run, "guess\n", concat(new String[] {"login", "--port", relayPort, "--user", "alice"}, tls));
                assertThat(wrong.exitCode()).isEqualTo(1);
                assertThat(wrong.output()).contains("wrong user name or password");
                ConsoleRun.Result login = ConsoleRun.run(Launcher::run, "open sesame\n", concat(new String[] {"login", "--port", relayPort, "--user", "alice"}, tls));
                assertThat(login.exitCode()).isZero();
                assertThat(login.output()).contains("welcome alice");
                assertThat(relay.output()).contains("client → server: ").doesNotContain("open sesame");
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    @DisplayName("§10.2 guess: MD5 finds the password and both rates are printed (figures, not assertions)")
    void guessPrintsBothRates() {
        ConsoleRun.Result guess = ConsoleRun.run(Launcher::run, "", "guess", "--password", "ab", "--iterations", "1000", "--pbkdf2-ms", "100");

        assertThat(guess.exitCode()).isZero();
        assertThat(guess.output()).contains("the course's user file line: alex|")
                .containsPattern("MD5:    found \"ab\" after [\\d,]+ guesses in [\\d.]+ s: [\\d,]+ guesses/s")
                .containsPattern("PBKDF2: 1,000 iterations: [\\d.]+ guesses/s");
    }

    @Test
    @DisplayName("demo: the challenge, a login sniffed in clear, the same under TLS; exits 0")
    void demoNarratesAllThree() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0", "--iterations", "1000");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output()).contains(
                "[client with the right key] answered HMAC-SHA256(key, 32 random bytes): welcome: you are one of us",
                "[client with a wrong key] answered HMAC-SHA256(key, 32 random bytes): the server hung up",
                "[server] client: refused: wrong answer",
                "[relay] saw the password \"open sesame\": yes",
                "[relay] saw: {\"op\":\"register\",\"user\":\"alice\",\"password\":\"open sesame\"}",
                "[relay] saw the password \"open sesame\": no");
    }
}
