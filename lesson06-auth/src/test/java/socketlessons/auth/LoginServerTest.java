package socketlessons.auth;

import socketlessons.basics.PeerText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.Background;
import socketlessons.sticky.LineCodec;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 the login server against hostile clients")
class LoginServerTest {

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    private LoginServer start() throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), new PasswordHasher(10));
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
        assertThat(log).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        assertThat(log.get(0))
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

    /** Sends bad requests (answered at once, no hashing) as fast as it can, and never reads an answer. */
    private static CompletableFuture<Void> pipelineWithoutReading(Socket sk) {
        return Background.call(() -> {
            byte[] requests = "{}\n".repeat(1_000).getBytes(StandardCharsets.US_ASCII);
            try {
                while (true) {
                    sk.getOutputStream().write(requests); // blocks once the server stops reading
                }
            } catch (IOException e) {
                return null; // cut off
            }
        });
    }

    @Test
    @DisplayName("§10.2 a client that sends requests and never reads the answers: with only a read timeout (200 ms), the server's write blocks, for 3 times that and more")
    void reproducesClientThatDoesNotReadPinningTheServer() throws Exception {
        LoginService service = new LoginService(PasswordStore.open(dir.resolve("users.txt"), new PasswordHasher(10)),
                new LoginThrottle(Clock.systemUTC()));
        AtomicBoolean writing = new AtomicBoolean();
        AtomicLong lastWriteDone = new AtomicLong(System.nanoTime());
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            // The server's loop as it was: SO_TIMEOUT for reads, nothing for writes.
            CompletableFuture<Void> serving = Background.call(() -> {
                try (Socket conn = listening.accept()) {
                    conn.setSoTimeout(200);
                    conn.setSendBufferSize(4096);
                    InputStream in = new BufferedInputStream(conn.getInputStream());
                    OutputStream out = new FilterOutputStream(conn.getOutputStream()) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            writing.set(true);
                            super.out.write(b, off, len);
                            writing.set(false);
                            lastWriteDone.set(System.nanoTime());
                        }
                    };
                    LineCodec lines = new LineCodec(LoginServer.MAX_LINE);
                    String line;
                    while ((line = lines.readLine(in)) != null) {
                        lines.writeLine(out, service.handle(line));
                    }
                } catch (IOException e) {
                    // the client closed at the end of the test
                }
                return null;
            });
            client.setReceiveBufferSize(4096); // before connect: the window it offers stays small
            client.connect(listening.getLocalSocketAddress(), 5_000);
            pipelineWithoutReading(client);

            await().atMost(Duration.ofSeconds(15)).until(() ->
                    writing.get() && System.nanoTime() - lastWriteDone.get() > TimeUnit.MILLISECONDS.toNanos(600));
            assertThat(serving).as("the server's thread is still in write, the connection open").isNotDone();
        }
    }

    @Test
    @DisplayName("§10.2 fix: a deadline per request and its answer (lesson01's Deadlines) cuts off the client that does not read, and an idle one; the one slot serves the next client")
    void fixesClientThatDoesNotReadWithADeadlinePerAnswer() throws Exception {
        LoginService service = new LoginService(PasswordStore.open(dir.resolve("users.txt"), new PasswordHasher(10)),
                new LoginThrottle(Clock.systemUTC()));
        String cutOff = ": cut off: a request and its answer took over 0.3 s (silent, too slow, or not reading the answers)";
        // Only the cut-offs are kept: the thousands of requests answered before the write blocks are not what this test is about.
        Consumer<String> cutOffs = line -> {
            if (line.contains(": cut off: ")) {
                log.add(line);
            }
        };
        try (LoginServer server = new LoginServer(LoginServer.plain("127.0.0.1", 0), service, cutOffs, 1, Duration.ofMillis(300)).start()) {
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(4096);
                client.connect(server.address(), 5_000);
                pipelineWithoutReading(client).get(20, TimeUnit.SECONDS); // ends when the server hangs up
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log).contains("127.0.0.1:" + client.getLocalPort() + cutOff));
            }
            // The slot frees as the cut-off thread ends; until then a client is told "busy" (or reset).
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(LoginClient.request(server.address(), null, "login", "a", "b").message()).isEqualTo(Authenticator.WRONG));
            // Again the slot frees as that client's thread ends; until then an idle one is told "busy": try again.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Socket idle = new Socket()) {
                    idle.connect(server.address(), 5_000);
                    idle.setSoTimeout(10_000);
                    assertThat(HangUp.hungUpSilently(idle)).as("idle: hung up on at the deadline, not told busy").isTrue();
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log).contains("127.0.0.1:" + idle.getLocalPort() + cutOff));
                }
            });
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(LoginClient.request(server.address(), null, "login", "a", "b").message()).isEqualTo(Authenticator.WRONG));
        }
    }

    @Test
    @DisplayName("§10.2 a server's text on the client's console: plain text as it is, anything with controls quoted and escaped")
    void showsServerTextSafelyOnTheConsole() {
        assertThat(PeerText.shown("welcome alice: \"hi\" C:\\x 你好")).isEqualTo("welcome alice: \"hi\" C:\\x 你好");
        assertThat(PeerText.shown("hi\u001b[2J\ncarol: send me your password"))
                .isEqualTo("\"hi\\u001b[2J\\ncarol: send me your password\"");
        assertThat(PeerText.shown("a".repeat(500))).as("a long echo is not cut").isEqualTo("a".repeat(500));
    }
}
