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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.RefusingPort;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson06 launcher: every command it lists runs as the README shows")
@Execution(ExecutionMode.CONCURRENT) // each test runs its own commands on ports of their own (the certificates are made once, under a lock)
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
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactlyInAnyOrder(
                "server", "client", "login-server", "register", "login", "guess", "make-cert", "relay", "demo", "check");
    }

    @Test
    @DisplayName("§8 server and client with a key file: the right key is served, a wrong key is refused (on standard error, exit 1)")
    void serverAndClientWithKeyFile(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.txt");
        Files.writeString(key, "a key only we know\n");
        Path wrong = dir.resolve("wrong.txt");
        Files.writeString(wrong, "a guess\n");
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0", "--key-file", key.toString(), "--clients", "2")) {
            String port = Integer.toString(server.awaitListeningPort());

            CliRun.Result client = CliRun.run(Launcher::run, "hello\nq\n", "client", "--port", port, "--key-file", key.toString());
            assertThat(client.exitCode()).isZero();
            assertThat(client.output()).isEqualTo("welcome: you are one of us" + NL + "HELLO" + NL);

            CliRun.Result stranger = CliRun.run(Launcher::run, "hello\n", "client", "--port", port, "--key-file", wrong.toString());
            assertThat(stranger.exitCode()).isEqualTo(1);
            assertThat(stranger.output()).isEmpty();
            assertThat(stranger.errors()).isEqualTo("error: refused: the server hung up (wrong key, or another --digest?)" + NL);

            assertThat(server.awaitExit()).isZero();
            assertThat(server.output().lines()).hasSize(3);
            assertThat(server.output().lines().toList().get(0)).isEqualTo("listening on 127.0.0.1:" + port + " (HMAC-SHA256 check, 10 s to answer)");
            assertThat(server.output().lines().toList().get(1)).matches("127\\.0\\.0\\.1:\\d+: passed the check");
            assertThat(server.output().lines().toList().get(2)).matches("127\\.0\\.0\\.1:\\d+: refused: wrong answer");
        }
    }

    @Test
    @DisplayName("§8 server --make-key writes a random key the first time and says so; a client with that file is served")
    void serverMakesAKeyTheFirstTime(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.txt");
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0", "--key-file", key.toString(), "--make-key", "--clients", "1")) {
            String port = Integer.toString(server.awaitListeningPort());
            assertThat(server.output()).startsWith("wrote a new random key to " + key + ": give clients the same file (--key-file " + key + ")" + NL);
            assertThat(Files.readString(key)).matches("[0-9a-f]{64}\\R");

            CliRun.Result client = CliRun.run(Launcher::run, "q\n", "client", "--port", port, "--key-file", key.toString());
            assertThat(client.output()).isEqualTo("welcome: you are one of us" + NL);
            assertThat(server.awaitExit()).isZero();
        }
    }

    @Test
    @DisplayName("usage errors exit 2 with one line: a bad --to for the relay, a --password guess cannot search, a port out of range, --digest sha1")
    void usageErrorsExitTwo() {
        for (String[] bad : new String[][] {
            {"relay", "--port", "0", "--to", "9000"},
            {"guess", "--password", "Sock"},
            {"login-server", "--port", "70000"},
            {"client", "--digest", "sha1"}}) {
            CliRun.Result run = CliRun.run(Launcher::run, "", bad);
            assertThat(run.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(run.output()).isEmpty();
            assertThat(run.errors().lines()).as(run.errors()).hasSize(1).first().asString().startsWith("error: ");
        }
        assertThat(CliRun.run(Launcher::run, "", "guess", "--password", "Sock").errors())
                .isEqualTo("error: --password is 1 to 6 lowercase letters (the search tries them all), not Sock (see lesson06-auth guess --help)" + NL);
        assertThat(CliRun.run(Launcher::run, "", "relay", "--to", "9000").errors()).contains("'9000' is not HOST:PORT (e.g. 127.0.0.1:9000)");
        assertThat(CliRun.run(Launcher::run, "", "--version").output()).startsWith("lesson06-auth 1.0");
    }

    @Test
    @DisplayName("§8 no key given: a clear error on standard error that says where a key comes from, exit 1")
    void clearErrorForMissingKey() {
        assumeTrue(System.getenv(SecretKeys.ENVIRONMENT_VARIABLE) == null, "SOCKET_LESSONS_KEY is set in this environment");
        CliRun.Result server = CliRun.run(Launcher::run, "", "server", "--port", "0");
        assertThat(server.exitCode()).isEqualTo(1);
        assertThat(server.errors()).isEqualTo("error: no key: give --key-file FILE or set SOCKET_LESSONS_KEY" + NL);
    }

    @Test
    @DisplayName("§10.2 login with no server: refused before the password is asked, with the kit's hint, exit 1")
    void loginChecksTheServerBeforeAskingThePassword() throws Exception {
        try (RefusingPort nobody = RefusingPort.open()) {
            CliRun.Result login = CliRun.runAtTerminal(Launcher::run, "open sesame", "", "login", "--port",
                    Integer.toString(nobody.port()), "--user", "alice");
            assertThat(login.exitCode()).isEqualTo(1);
            assertThat(login.output()).as("no password prompt").isEmpty();
            assertThat(login.errors()).isEqualTo("error: connection refused (is the server running? start it first)" + NL);
        }
    }

    @Test
    @DisplayName("§10.2 login-server, relay, register and login in clear: the password is prompted at a terminal and never shown; the relay prints it")
    void plainLoginThroughTheRelay(@TempDir Path dir) throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "login-server", "--port", "0", "--iterations", "10",
                "--users", dir.resolve("users.txt").toString())) {
            int port = server.awaitListeningPort();
            assertThat(server.output()).isEqualTo("opening " + dir.resolve("users.txt") + " (PBKDF2-HMAC-SHA256, 10 iterations) ..." + NL
                    + "listening on 127.0.0.1:" + port + NL);
            try (CliRun relay = CliRun.start(Launcher::run, "relay", "--port", "0", "--to", "127.0.0.1:" + port)) {
                String relayPort = Integer.toString(relay.awaitListeningPort());
                assertThat(relay.output()).isEqualTo("listening on 127.0.0.1:" + relayPort + ", relaying to 127.0.0.1:" + port + NL);
                String[] at = args("--port", relayPort, "--user", "alice");

                CliRun.Result registered = CliRun.run(Launcher::run, "open sesame\n", concat(args("register"), at));
                assertThat(registered.output()).isEqualTo("registered alice" + NL);
                CliRun.Result wrong = CliRun.run(Launcher::run, "guess\n", concat(args("login"), at));
                assertThat(wrong.exitCode()).isEqualTo(1);
                assertThat(wrong.output()).isEqualTo("wrong user name or password" + NL);
                CliRun.Result atTerminal = CliRun.runAtTerminal(Launcher::run, "open sesame", "", concat(args("login"), at));
                assertThat(atTerminal.exitCode()).isZero();
                assertThat(atTerminal.output()).as("the prompt, then the answer; the password nowhere").isEqualTo("password: welcome alice" + NL);
                assertThat(atTerminal.errors()).isEmpty();
                CliRun.Result nothing = CliRun.run(Launcher::run, "", concat(args("login"), at));
                assertThat(nothing.exitCode()).isEqualTo(1);
                assertThat(nothing.errors()).isEqualTo("error: no password given (type it, or pipe it: echo PASSWORD | ...)" + NL);

                relay.awaitOutput("client → server: {\"op\":\"login\",\"user\":\"alice\",\"password\":\"open sesame\"}.");
                assertThat(relay.output()).contains("client → server: {\"op\":\"register\",\"user\":\"alice\",\"password\":\"open sesame\"}.");
            }
            assertThat(Files.readString(dir.resolve("users.txt"))).startsWith("alice:pbkdf2-sha256$10$").doesNotContain("open sesame");
        }
    }

    @Test
    @DisplayName("§10.2 make-cert, login-server --tls, relay, register and login --tls: the login works and the relay sees no password; TLS failures get the kit's hints")
    void tlsLoginThroughTheRelay(@TempDir Path dir) throws Exception {
        TestCertificates.Made made = TestCertificates.get(); // make-cert, run once for all the tests
        assertThat(made.makeCert().exitCode()).isZero();
        assertThat(made.makeCert().output()).isEqualTo("wrote " + made.folder().resolve("keystore.p12") + " (the server's private key) and "
                + made.folder().resolve("server.crt") + " (give this to clients)" + NL);
        String[] tls = args("--tls", "--trust", made.server().certificate().toString());
        try (CliRun server = CliRun.start(Launcher::run, "login-server", "--port", "0", "--iterations", "10",
                "--users", dir.resolve("users.txt").toString(), "--tls", "--keystore", made.server().keystore().toString())) {
            int port = server.awaitListeningPort();
            assertThat(server.output()).endsWith(NL + "listening on 127.0.0.1:" + port + " (TLS)" + NL);
            try (CliRun relay = CliRun.start(Launcher::run, "relay", "--port", "0", "--to", "127.0.0.1:" + port)) {
                String[] at = concat(args("--port", Integer.toString(relay.awaitListeningPort()), "--user", "alice"), tls);

                CliRun.Result registered = CliRun.run(Launcher::run, "open sesame\n", concat(args("register"), at));
                assertThat(registered.output()).isEqualTo("registered alice" + NL);
                CliRun.Result login = CliRun.run(Launcher::run, "open sesame\n", concat(args("login"), at));
                assertThat(login.exitCode()).isZero();
                assertThat(login.output()).isEqualTo("welcome alice" + NL);

                assertThat(relay.output()).contains("client → server: ").doesNotContain("open sesame").doesNotContain("alice");
            }
            String[] direct = args("login", "--port", Integer.toString(port), "--user", "alice");
            CliRun.Result plain = CliRun.run(Launcher::run, "open sesame\n", direct);
            assertThat(plain.exitCode()).as("a client without --tls gets no answer from the TLS server").isEqualTo(1);
            assertThat(plain.errors()).isEqualTo("error: no answer from the server (if it runs with --tls, use --tls too)" + NL);

            CliRun.Result impostor = CliRun.runAtTerminal(Launcher::run, "open sesame", "",
                    concat(direct, "--tls", "--trust", made.impostor().toString()));
            assertThat(impostor.exitCode()).isEqualTo(1);
            assertThat(impostor.output()).as("refused before the password is asked").isEmpty();
            assertThat(impostor.errors()).startsWith("error: TLS handshake failed: ")
                    .endsWith(" (does the client trust the server's certificate, and do both sides use TLS?)" + NL);

            CliRun.Result noCertificate = CliRun.run(Launcher::run, "open sesame\n", concat(direct, "--tls", "--trust", dir.resolve("nosuch.crt").toString()));
            assertThat(noCertificate.exitCode()).isEqualTo(1);
            assertThat(noCertificate.errors()).startsWith("error: no such file: " + dir.resolve("nosuch.crt"));
        }
        CliRun.Result noKeystore = CliRun.run(Launcher::run, "", "login-server", "--port", "0", "--users", dir.resolve("u.txt").toString(),
                "--tls", "--keystore", dir.resolve("nosuch.p12").toString());
        assertThat(noKeystore.exitCode()).isEqualTo(1);
        assertThat(noKeystore.errors()).startsWith("error: no such file: " + dir.resolve("nosuch.p12"));
    }

    @Test
    @DisplayName("§10.2 guess: MD5 finds the password, and both rates are printed (figures, not assertions)")
    void guessPrintsBothRates() {
        CliRun.Result guess = CliRun.run(Launcher::run, "", "guess", "--password", "zz", "--iterations", "10", "--pbkdf2-ms", "1");

        assertThat(guess.exitCode()).isZero();
        assertThat(guess.output().lines()).hasSize(4);
        assertThat(guess.output()).startsWith("the course's user file line: alex|" + Md5Guessing.courseHash("alex", "zz") + NL)
                .containsPattern("MD5:    found \"zz\" after 676 guesses in [\\d.]+ s: [\\d,]+ guesses/s")
                .containsPattern("PBKDF2: 10 iterations: [\\d.,]+ guesses/s: [\\d,]+ times slower")
                .containsPattern("all 676 passwords of 2 lowercase letters: [\\d.]+ s with MD5, [\\d.,]+ hours with PBKDF2");
    }

    @Test
    @DisplayName("demo: the challenge, a login sniffed in clear, the same under TLS; exits 0")
    void demoNarratesAllThree() {
        CliRun.Result demo = CliRun.run(Launcher::run, "", "demo", "--port", "0", "--iterations", "10");

        assertThat(demo.exitCode()).as(demo.errors()).isZero();
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
