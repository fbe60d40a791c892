package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 the login server against hostile clients")
class LoginServerTest {

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    private LoginServer start() throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), new PasswordHasher(1_000));
        return new LoginServer(LoginServer.plain("127.0.0.1", 0), new LoginService(store, new LoginThrottle(Clock.systemUTC())), log::add)
                .start();
    }

    /** A request whose op carries a newline and what looks like the next line of the log. */
    private static final String FORGING = "{\"op\":\"x\\n127.0.0.1:1: welcome admin\\u001b[2J\",\"user\":\"mallory\",\"password\":\"x\"}";

    @Test
    @DisplayName("§10.2 forged log lines: a JSON string carries a newline and an escape sequence; printed as it is, it adds a line that looks like a real login")
    void reproducesForgedLogLine() throws Exception {
        String op = new ObjectMapper().readTree(FORGING).get("op").asText();
        String logged = "127.0.0.1:40000: refused: bad request: op is register or login, not " + op; // as the server logged it

        assertThat(logged.lines()).containsExactly(
                "127.0.0.1:40000: refused: bad request: op is register or login, not x",
                "127.0.0.1:1: welcome admin\u001b[2J");
    }

    @Test
    @DisplayName("§10.2 fix: the peer's text is quoted and escaped before it reaches the log: one line, the newline and the escape visible")
    void fixesForgedLogLineByQuoting() throws Exception {
        try (LoginServer server = start(); Socket sk = new Socket()) {
            sk.connect(server.address(), 5_000);
            sk.setSoTimeout(10_000);
            sk.getOutputStream().write((FORGING + "\n").getBytes(StandardCharsets.UTF_8));
            String answer = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(answer).startsWith("{\"ok\":false,\"message\":\"bad request: op is register or login, not ");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !log.isEmpty());
        assertThat(log).singleElement().asString()
                .matches("127\\.0\\.0\\.1:\\d+: refused: bad request: op is register or login, not "
                        + "\"x\\\\n127\\.0\\.0\\.1:1: welcome admin\\\\u001b\\[2J\"")
                .doesNotContain("\n").doesNotContain("\u001b");
    }

    @Test
    @DisplayName("§10.2 fix: a password whose bytes are not UTF-8 is refused on the wire, never registered as U+FFFD")
    void refusesPasswordThatIsNotUtf8() throws Exception {
        try (LoginServer server = start(); Socket sk = new Socket()) {
            sk.connect(server.address(), 5_000);
            sk.setSoTimeout(10_000);
            byte[] request = "{\"op\":\"register\",\"user\":\"bob\",\"password\":\"x\u00ff\"}\n".getBytes(StandardCharsets.ISO_8859_1);
            sk.getOutputStream().write(request); // 0xff: never a byte of UTF-8
            assertThat(new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8)).readLine())
                    .isEqualTo("{\"ok\":false,\"message\":\"a password cannot contain broken text (a lone surrogate, or U+FFFD where bytes were not UTF-8)\"}");
        }
    }

    @Test
    @DisplayName("§10.2 SafeText: controls, bidi overrides and lone surrogates escaped; Chinese and emoji kept; long text cut")
    void escapesWhatAPeerSends() {
        assertThat(SafeText.quote("a\"b\\c\r\n\t\u0007\u009b\u202e\u2028\ud800")).isEqualTo(
                "\"a\\\"b\\\\c\\r\\n\\t\\u0007\\u009b\\u202e\\u2028\\ud800\"");
        assertThat(SafeText.escape("你好 \uD83D\uDE00")).isEqualTo("你好 \uD83D\uDE00");
        assertThat(SafeText.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(80) + "\"...");
    }
}
