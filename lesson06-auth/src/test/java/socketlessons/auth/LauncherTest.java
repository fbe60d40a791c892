package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson06 launcher: every command it lists runs as the README shows")
class LauncherTest {

    private static final String NL = System.lineSeparator();

    private static String[] args(String... parts) {
        return parts;
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly(
                "server", "client", "login-server", "register", "login", "guess", "make-cert", "relay", "demo");
    }

    @Test
    @DisplayName("§8 server and client with a key file: the right key is served, a wrong key is refused")
    void serverAndClientWithKeyFile(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.txt");
        Files.writeString(key, "a key only we know\n");
        Path wrong = dir.resolve("wrong.txt");
        Files.writeString(wrong, "a guess\n");
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", "0", "--key-file", key.toString(), "--clients", "2")) {
            String port = Integer.toString(server.awaitListeningPort());

            ConsoleRun.Result client = ConsoleRun.run(Launcher::run, "hello\nq\n", "client", "--port", port, "--key-file", key.toString());
            assertThat(client.exitCode()).isZero();
            assertThat(client.output()).isEqualTo("welcome: you are one of us" + NL + "HELLO" + NL);

            ConsoleRun.Result stranger = ConsoleRun.run(Launcher::run, "hello\n", "client", "--port", port, "--key-file", wrong.toString());
            assertThat(stranger.exitCode()).isEqualTo(1);
            assertThat(stranger.output()).isEqualTo("refused: the server hung up (wrong key, or another --digest?)" + NL);

            assertThat(server.awaitExit()).isZero();
            assertThat(server.output().lines()).hasSize(3);
            assertThat(server.output().lines().toList().get(0)).isEqualTo("listening on 127.0.0.1:" + port + " (HMAC-SHA256 check, 10 s to answer)");
            assertThat(server.output().lines().toList().get(1)).matches("127\\.0\\.0\\.1:\\d+: passed the check");
            assertThat(server.output().lines().toList().get(2)).matches("127\\.0\\.0\\.1:\\d+: refused: wrong answer");
        }
    }

    @Test
    @DisplayName("§8 no key given: a clear error that says where a key comes from; a bad --to for the relay too")
    void clearErrorsForMissingKeyAndBadRelayTarget() {
        assumeTrue(System.getenv(SecretKeys.ENVIRONMENT_VARIABLE) == null, "SOCKET_LESSONS_KEY is set in this environment");
        ConsoleRun.Result server = ConsoleRun.run(Launcher::run, "", "server", "--port", "0");
        assertThat(server.exitCode()).isEqualTo(1);
        assertThat(server.output()).isEqualTo("error: no key: give --key-file FILE or set SOCKET_LESSONS_KEY" + NL);

        ConsoleRun.Result relay = ConsoleRun.run(Launcher::run, "", "relay", "--port", "0", "--to", "9000");
        assertThat(relay.exitCode()).isEqualTo(1);
        assertThat(relay.output()).isEqualTo("error: --to is HOST:PORT, e.g. 127.0.0.1:9000, not 9000" + NL);
    }

    @Test
    @DisplayName("§10.2 login-server, relay, register and login in clear: the login works and the relay prints the password")
    void plainLoginThroughTheRelay(@TempDir Path dir) throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "login-server", "--port", "0", "--iterations", "1000",
                "--users", dir.resolve("users.txt").toString())) {
            int port = server.awaitListeningPort();
            try (ConsoleRun relay = ConsoleRun.start(Launcher::run, "relay", "--port", "0", "--to", "127.0.0.1:" + port)) {
                String relayPort = Integer.toString(relay.awaitListeningPort());
                assertThat(relay.output()).isEqualTo("listening on 127.0.0.1:" + relayPort + ", relaying to 127.0.0.1:" + port + NL);
                String[] at = args("--port", relayPort, "--user", "alice");

                ConsoleRun.Result registered = ConsoleRun.run(Launcher::run, "open sesame\n", concat(args("register"), at));
                assertThat(registered.output()).isEqualTo("registered alice" + NL);
                ConsoleRun.Result wrong = ConsoleRun.run(Launcher::run, "guess\n", concat(args("login"), at));
                assertThat(wrong.exitCode()).isEqualTo(1);
                assertThat(wrong.output()).isEqualTo("wrong user name or password" + NL);
                ConsoleRun.Result login = ConsoleRun.run(Launcher::run, "open sesame\n", concat(args("login"), at));
                assertThat(login.exitCode()).isZero();
                assertThat(login.output()).isEqualTo("welcome alice" + NL);

                relay.awaitOutput("client → server: {\"op\":\"login\",\"user\":\"alice\",\"password\":\"open sesame\"}.");
                assertThat(relay.output()).contains("client → server: {\"op\":\"register\",\"user\":\"alice\",\"password\":\"open sesame\"}.");
            }
            assertThat(Files.readString(dir.resolve("users.txt"))).startsWith("alice:pbkdf2-sha256$1000$").doesNotContain("open sesame");
        }
    }

    @Test
    @DisplayName("§10.2 make-cert, login-server --tls, relay, register and login --tls: the login works and the relay sees no password")
    void tlsLoginThroughTheRelay(@TempDir Path dir) throws Exception {
        ConsoleRun.Result cert = ConsoleRun.run(Launcher::run, "", "make-cert", "--dir", dir.toString());
        assertThat(cert.exitCode()).isZero();
        assertThat(cert.output()).isEqualTo("wrote " + dir.resolve("keystore.p12") + " (the server's private key) and "
                + dir.resolve("server.crt") + " (give this to clients)" + NL);
        String[] tls = args("--tls", "--trust", dir.resolve("server.crt").toString());
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "login-server", "--port", "0", "--iterations", "1000",
                "--users", dir.resolve("users.txt").toString(), "--tls", "--keystore", dir.resolve("keystore.p12").toString())) {
            int port = server.awaitListeningPort();
            assertThat(server.output()).isEqualTo("listening on 127.0.0.1:" + port + " (TLS)" + NL);
            try (ConsoleRun relay = ConsoleRun.start(Launcher::run, "relay", "--port", "0", "--to", "127.0.0.1:" + port)) {
                String[] at = concat(args("--port", Integer.toString(relay.awaitListeningPort()), "--user", "alice"), tls);

                ConsoleRun.Result registered = ConsoleRun.run(Launcher::run, "open sesame\n", concat(args("register"), at));
                assertThat(registered.output()).isEqualTo("registered alice" + NL);
                ConsoleRun.Result login = ConsoleRun.run(Launcher::run, "open sesame\n", concat(args("login"), at));
                assertThat(login.exitCode()).isZero();
                assertThat(login.output()).isEqualTo("welcome alice" + NL);

                assertThat(relay.output()).contains("client → server: ").doesNotContain("open sesame").doesNotContain("alice");
            }
            ConsoleRun.Result plain = ConsoleRun.run(Launcher::run, "open sesame\n", "login", "--port", Integer.toString(port), "--user", "alice");
            assertThat(plain.exitCode()).as("a client without --tls gets no answer from the TLS server").isEqualTo(1);
            assertThat(plain.output()).isEqualTo("error: no answer from the server (if it runs with --tls, use --tls too)" + NL);
        }
    }

    @Test
    @DisplayName("§10.2 guess: MD5 finds the password, and both rates are printed (figures, not assertions)")
    void guessPrintsBothRates() {
        ConsoleRun.Result guess = ConsoleRun.run(Launcher::run, "", "guess", "--password", "zz", "--iterations", "1000", "--pbkdf2-ms", "100");

        assertThat(guess.exitCode()).isZero();
        assertThat(guess.output().lines()).hasSize(4);
        assertThat(guess.output()).startsWith("the course's user file line: alex|" + Md5Guessing.courseHash("alex", "zz") + NL)
                .containsPattern("MD5:    found \"zz\" after 676 guesses in [\\d.]+ s: [\\d,]+ guesses/s")
                .containsPattern("PBKDF2: 1,000 iterations: [\\d.,]+ guesses/s: [\\d,]+ times slower")
                .containsPattern("all 676 passwords of 2 lowercase letters: [\\d.]+ s with MD5, [\\d.,]+ hours with PBKDF2");
    }

    @Test
    @DisplayName("demo: the challenge, a login sniffed in clear, the same under TLS; exits 0")
    void demoNarratesAllThree() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0", "--iterations", "1000");

        assertThat(demo.exitCode()).as(demo.output()).isZero();
        assertThat(demo.output()).contains(
                "-- §8 challenge-response --",
                "[client with the right key] answered HMAC-SHA256(key, 32 random bytes): welcome: you are one of us",
                "[client with a wrong key] answered HMAC-SHA256(key, 32 random bytes): the server hung up",
                "[server] client: passed the check",
                "[server] client: refused: wrong answer",
                "-- §10.2 login, in clear --",
                "[client] register alice through the relay: registered alice",
                "[client] login alice through the relay: welcome alice",
                "[relay] saw the password \"open sesame\": yes",
                "[relay] first bytes it saw: {\"op\":\"register\",\"user\":\"alice\",\"password\":\"open sesame\"}.",
                "-- the same login under TLS --",
                "[demo] made a certificate for 127.0.0.1 with keytool; the client trusts exactly that one",
                "[relay] saw the password \"open sesame\": no");
    }
}
