package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 the password on the wire: in clear, then under TLS")
class TlsLoginTest {

    /** The server's certificate, and another one (an impostor's) that a client may trust instead. */
    static Tls.TestCertificate certificate;
    static Path impostor;
    /** The server's side, read once: a keystore's read is 30,000 PBKDF2 iterations (PKCS12's MAC and its two encrypted parts). */
    static SSLContext serverSide;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificate = TestCertificates.get().server();
        impostor = TestCertificates.get().impostor();
        serverSide = Tls.serverContext(certificate.keystore(), certificate.password());
    }

    /** This test's own folder for user files; the certificates are shared by all. */
    @TempDir
    Path work;

    private final List<String> log = new CopyOnWriteArrayList<>();
    /** What the relay saw clients send. */
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    private LoginServer loginServer(String users, SSLContext tls) throws Exception {
        PasswordStore store = PasswordStore.open(work.resolve(users), new PasswordHasher(10));
        var listening = tls == null ? LoginServer.plain("127.0.0.1", 0) : LoginServer.tls("127.0.0.1", 0, tls);
        return new LoginServer(listening, new LoginService(store, new LoginThrottle(Clock.systemUTC())), log::add).start();
    }

    @Test
    @DisplayName("§10.2 in clear: a relay on the path reads the user name and password of a login")
    void reproducesPasswordInClearThroughTheRelay() throws Exception {
        try (LoginServer server = loginServer("plain.txt", null);
             SniffingRelay relay = new SniffingRelay("127.0.0.1", 0, server.address(), seen::writeBytes, line -> { })) {
            assertThat(LoginClient.request(relay.address(), null, "register", "alice", "open sesame").message()).isEqualTo("registered alice");
            assertThat(LoginClient.request(relay.address(), null, "login", "alice", "open sesame").message()).isEqualTo("welcome alice");

            assertThat(new String(seen.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"op\":\"register\",\"user\":\"alice\",\"password\":\"open sesame\"}\n"
                    + "{\"op\":\"login\",\"user\":\"alice\",\"password\":\"open sesame\"}\n");
        }
    }

    @Test
    @DisplayName("§10.2 fix: over TLS the same login works, and the relay sees only ciphertext")
    void fixesPasswordInClearWithTls() throws Exception {
        SSLContext clientSide = Tls.clientContext(certificate.certificate());
        try (LoginServer server = loginServer("tls.txt", serverSide);
             SniffingRelay relay = new SniffingRelay("127.0.0.1", 0, server.address(), seen::writeBytes, line -> { })) {
            assertThat(LoginClient.request(relay.address(), clientSide, "register", "alice", "open sesame").message()).isEqualTo("registered alice");
            assertThat(LoginClient.request(relay.address(), clientSide, "login", "alice", "open sesame").message()).isEqualTo("welcome alice");

            String sniffed = seen.toString(StandardCharsets.ISO_8859_1);
            assertThat(seen.toByteArray()).as("two handshakes and two requests went through").hasSizeGreaterThan(400);
            assertThat(sniffed).doesNotContain("open sesame").doesNotContain("password").doesNotContain("alice");
        }
    }

    @Test
    @DisplayName("§8 TLS proves the server: a client that trusts another certificate refuses this server before sending anything")
    void refusesServerWithAnotherCertificate() throws Exception {
        try (LoginServer server = loginServer("impostor.txt", serverSide);
             SniffingRelay relay = new SniffingRelay("127.0.0.1", 0, server.address(), seen::writeBytes, line -> { })) {
            InetSocketAddress address = relay.address();
            SSLContext trustsAnother = Tls.clientContext(impostor); // to this client, our server is the impostor
            assertThatThrownBy(() -> LoginClient.request(address, trustsAnother, "login", "alice", "open sesame"))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(new String(seen.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("open sesame");
        }
    }

    @Test
    @DisplayName("§10.2 bad input: a plain-text client at the TLS server fails its handshake, and the next TLS client is served")
    void cutsOffPlainClientAtTheTlsServer() throws Exception {
        try (LoginServer server = loginServer("mixed.txt", serverSide)) {
            try (Socket plain = new Socket()) {
                plain.connect(server.address(), 5_000);
                plain.setSoTimeout(10_000);
                plain.getOutputStream().write("{\"op\":\"login\",\"user\":\"alice\",\"password\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
                // The server answers with a TLS alert (binary), then closes: never a JSON line.
                String reply = new String(HangUp.readUntilHungUp(plain), StandardCharsets.ISO_8859_1);
                assertThat(reply).doesNotContain("\"ok\"");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.isEmpty());
            assertThat(log.get(0)).matches("127\\.0\\.0\\.1:\\d+: .*(SSL|TLS|plaintext).*");
            SSLContext clientSide = Tls.clientContext(certificate.certificate());
            assertThat(LoginClient.request(server.address(), clientSide, "register", "bob", "pw").message()).isEqualTo("registered bob");
        }
    }

    @Test
    @DisplayName("§10.2 bad input: a request line longer than 4096 characters is answered with an error and the connection closed; others go on")
    void refusesOverLongRequestLine() throws Exception {
        try (LoginServer server = loginServer("long.txt", null)) {
            try (Socket flood = new Socket()) {
                flood.connect(server.address(), 5_000);
                flood.setSoTimeout(10_000);
                flood.getOutputStream().write(("{\"op\":\"login\",\"user\":\"" + "a".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
                assertThat(new String(HangUp.readUntilHungUp(flood), StandardCharsets.UTF_8))
                        .as("one answer, then the server hangs up")
                        .isEqualTo("{\"ok\":false,\"message\":\"bad request: longer than 4096 bytes\"}\n");
            }
            assertThat(LoginClient.request(server.address(), null, "register", "bob", "pw").message()).isEqualTo("registered bob");
        }
    }

    @Test
    @DisplayName("§10.2 bad input: one client more than the server takes is told it is busy; a slot that frees up serves again")
    void refusesClientsBeyondTheLimit() throws Exception {
        PasswordStore store = PasswordStore.open(work.resolve("busy.txt"), new PasswordHasher(10));
        LoginService service = new LoginService(store, new LoginThrottle(Clock.systemUTC()));
        try (LoginServer server = new LoginServer(LoginServer.plain("127.0.0.1", 0), service, log::add, 1, LoginServer.ANSWER_LIMIT).start()) {
            try (Socket first = new Socket()) {
                first.connect(server.address(), 5_000);
                first.setSoTimeout(10_000);
                first.getOutputStream().write("{\"op\":\"login\",\"user\":\"a\",\"password\":\"b\"}\n".getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).contains(Authenticator.WRONG); // answered: the first surely holds the one slot

                assertThat(LoginClient.request(server.address(), null, "login", "a", "b").message()).isEqualTo("server busy: try again later");
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(LoginClient.request(server.address(), null, "login", "a", "b").message()).isEqualTo(Authenticator.WRONG));
        }
    }

    @Test
    @DisplayName("§10.2 bad input: a request that is not JSON, lacks its fields, or asks for another op gets a clear answer")
    void answersBadRequests() throws Exception {
        LoginService service = new LoginService(PasswordStore.open(work.resolve("bad.txt"), new PasswordHasher(10)),
                new LoginThrottle(Clock.systemUTC()));
        assertThat(service.handle("usr=alice")).isEqualTo("{\"ok\":false,\"message\":\"bad request: not JSON\"}");
        assertThat(service.handle("{\"usr\": \"alice\", \"pwd\": \"x\"}"))
                .isEqualTo("{\"ok\":false,\"message\":\"bad request: it needs \\\"op\\\", \\\"user\\\" and \\\"password\\\"\"}");
        assertThat(service.handle("{\"op\": \"login\", \"user\": 42, \"password\": \"x\"}")).contains("it needs");
        assertThat(service.handle("{\"op\": \"delete\", \"user\": \"a\", \"password\": \"x\"}"))
                .isEqualTo("{\"ok\":false,\"message\":\"bad request: op is register or login, not \\\"delete\\\"\"}");
    }
}
