package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
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

    @TempDir
    static Path dir;
    static Tls.TestCertificate certificate;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = Tls.makeTestCertificate(dir.resolve("cert"), "changeit".toCharArray());
    }

    private static LoginServer loginServer(Path users, SSLContext tls) throws Exception {
        PasswordStore store = PasswordStore.open(users, new PasswordHasher(1_000));
        var listening = tls == null ? LoginServer.plain("127.0.0.1", 0) : LoginServer.tls("127.0.0.1", 0, tls);
        return new LoginServer(listening, new LoginService(store, new LoginThrottle(Clock.systemUTC())), line -> { }).start();
    }

    @Test
    @DisplayName("§10.2 in clear: a relay on the path reads the password of a login")
    void reproducesPasswordInClearThroughTheRelay() throws Exception {
        try (LoginServer server = loginServer(dir.resolve("plain.txt"), null);
             SniffingRelay relay = new SniffingRelay("127.0.0.1", 0, server.address(), line -> { })) {
            assertThat(LoginClient.request(relay.address(), null, "register", "alice", "open sesame").ok()).isTrue();

            assertThat(new String(relay.captured(), StandardCharsets.UTF_8)).contains("\"password\":\"open sesame\"");
        }
    }

    @Test
    @DisplayName("§10.2 fix: over TLS the same login works, and the relay sees only ciphertext")
    void fixesPasswordInClearWithTls() throws Exception {
        SSLContext serverSide = Tls.serverContext(certificate.keystore(), certificate.password());
        SSLContext clientSide = Tls.clientContext(certificate.certificate());
        try (LoginServer server = loginServer(dir.resolve("tls.txt"), serverSide);
             SniffingRelay relay = new SniffingRelay("127.0.0.1", 0, server.address(), line -> { })) {
            assertThat(LoginClient.request(relay.address(), clientSide, "register", "alice", "open sesame").message()).isEqualTo("registered alice");
            assertThat(LoginClient.request(relay.address(), clientSide, "login", "alice", "open sesame").message()).isEqualTo("welcome alice");

            String seen = new String(relay.captured(), StandardCharsets.ISO_8859_1);
            assertThat(relay.captured()).hasSizeGreaterThan(100);
            assertThat(seen).doesNotContain("open sesame").doesNotContain("password").doesNotContain("alice");
        }
    }

    @Test
    @DisplayName("§8 TLS proves the server: a client that trusts another certificate refuses this server")
    void refusesServerWithAnotherCertificate() throws Exception {
        Tls.TestCertificate other = Tls.makeTestCertificate(dir.resolve("other"), "changeit".toCharArray());
        SSLContext serverSide = Tls.serverContext(certificate.keystore(), certificate.password());
        try (LoginServer server = loginServer(dir.resolve("impostor.txt"), serverSide)) {
            InetSocketAddress address = server.address();
            assertThatThrownBy(() -> LoginClient.request(address, Tls.clientContext(other.certificate()), "login", "alice", "x"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    @DisplayName("§10.2 bad input: a request that is not JSON, or lacks its fields, gets a clear answer")
    void answersBadRequests() throws Exception {
        LoginService service = new LoginService(PasswordStore.open(dir.resolve("bad.txt"), new PasswordHasher(1_000)),
                new LoginThrottle(Clock.systemUTC()));
        assertThat(service.handle("usr=alice")).isEqualTo("{\"ok\":false,\"message\":\"bad request: not JSON\"}");
        assertThat(service.handle("{\"usr\": \"alice\", \"pwd\": \"x\"}"))
                .isEqualTo("{\"ok\":false,\"message\":\"bad request: it needs \\\"op\\\", \\\"user\\\" and \\\"password\\\"\"}");
        assertThat(service.handle("{\"op\": \"delete\", \"user\": \"a\", \"password\": \"x\"}")).contains("op is register or login, not delete");
    }
}
