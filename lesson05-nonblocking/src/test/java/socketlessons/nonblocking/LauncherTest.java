package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.RefusingPort;
import socketlessons.sticky.LengthPrefixCodec;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson05 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactly(
                "aio-server", "busy-server", "check", "client", "demo", "load", "naive-write-server", "server", "simple-server",
                "thread-server", "vt-server");
    }

    /** What else a test does while the server is up, given its port. */
    @FunctionalInterface
    private interface WhileUp {
        void run(String port) throws Exception;
    }

    /** Starts a server command and talks to it with the client command, as the README's two terminals do. */
    private static void clientAgainst(String... serverArgs) throws Exception {
        clientAgainst(List.of(), port -> { }, serverArgs);
    }

    private static void clientAgainst(List<String> clientOptions, WhileUp alsoWhileUp, String... serverArgs) throws Exception {
        List<String> serverCommand = new ArrayList<>(List.of(serverArgs));
        serverCommand.addAll(List.of("--stop-after", "60")); // far longer than the test, on a busy machine too; then it stops by itself
        try (CliRun server = CliRun.start(Launcher::run, serverCommand.toArray(String[]::new))) {
            String port = Integer.toString(server.awaitListeningPort());
            List<String> clientArgs = new ArrayList<>(List.of("client", "--port", port));
            clientArgs.addAll(clientOptions);
            CliRun.Result client = CliRun.run(Launcher::run, "hello\n你好 nio\nq\n", clientArgs.toArray(String[]::new));
            assertThat(client.exitCode()).as(client.errors()).isZero();
            assertThat(client.output().lines()).containsExactly("HELLO", "你好 NIO");
            alsoWhileUp.run(port);
        }
    }

    @Test
    @DisplayName("server (the selector) and client: each line comes back in upper case; then load, 50 clients, no errors")
    void selectorServerClientAndLoad() throws Exception {
        clientAgainst(List.of(), port -> {
            // Ten messages a connection, every answer counted until all are in: no time window.
            CliRun.Result load = CliRun.run(Launcher::run, "", "load", "--port", port, "--clients", "50", "--messages", "10");

            assertThat(load.exitCode()).as(load.errors()).isZero();
            assertThat(load.output()).matches("clients 50 \\(connected 50 in \\d+\\.\\d s\\): [\\d,]+ messages/s, latency p50 [\\d,]+ µs,"
                    + " p99 [\\d,]+ µs, max [\\d,]+ µs, errors 0\\R");
        }, "server", "--port", "0");
    }

    @Test
    @DisplayName("simple-server (the idea: SelectorEchoServer, no limits) and client")
    void simpleSelectorServer() throws Exception {
        clientAgainst("simple-server", "--port", "0");
    }

    @Test
    @DisplayName("server and client --byte-order little: the course's struct.pack('i') frames")
    void selectorServerLittleEndian() throws Exception {
        clientAgainst(List.of("--byte-order", "little"), port -> { }, "server", "--port", "0", "--byte-order", "little");
    }

    @Test
    @DisplayName("thread-server (a thread per client) and client")
    void threadServer() throws Exception {
        clientAgainst("thread-server", "--port", "0");
    }

    @Test
    @DisplayName("thread-server --one-at-a-time (lesson02's server, blocking) and client")
    void threadServerOneAtATime() throws Exception {
        clientAgainst("thread-server", "--port", "0", "--one-at-a-time");
    }

    @Test
    @DisplayName("aio-server (completion handlers) and client")
    void aioServer() throws Exception {
        clientAgainst("aio-server", "--port", "0");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    @DisplayName("vt-server (JDK 21+: a virtual thread per client) and client")
    void virtualThreadServer() throws Exception {
        clientAgainst("vt-server", "--port", "0");
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    @DisplayName("vt-server on Java 17: says it needs a JDK 21+ and exits 1")
    void virtualThreadServerExplainsOnJava17() {
        CliRun.Result vt = CliRun.run(Launcher::run, "", "vt-server", "--port", "0");

        assertThat(vt.exitCode()).isEqualTo(1);
        assertThat(vt.output()).isEmpty();
        assertThat(vt.errors()).isEqualTo("error: virtual threads need a JDK 21 or newer: this is Java "
                + Runtime.version().feature() + System.lineSeparator());
    }

    @Test
    @DisplayName("busy-server --stop-after 0.3: the classroom's raw text comes back in upper case; then it stops, exit 0")
    void busyServer() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "busy-server", "--port", "0", "--stop-after", "0.3")) {
            int port = server.awaitListeningPort();
            try (Socket sk = new Socket("127.0.0.1", port)) {
                sk.setSoTimeout(10_000);
                sk.getOutputStream().write("busy".getBytes(StandardCharsets.UTF_8));
                assertThat(sk.getInputStream().readNBytes(4)).asString(StandardCharsets.UTF_8).isEqualTo("BUSY");
            }
            assertThat(server.awaitExit()).isZero(); // a spinning loop left behind would burn a core for the rest of the tests
            assertThat(server.output()).isEqualTo("listening on 127.0.0.1:" + port + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("server on a port in use: exits 1 with Address already in use and what to do")
    void serverOnBusyPortFailsClearly() throws Exception {
        try (java.net.ServerSocket other = new java.net.ServerSocket(0)) {
            CliRun.Result server = CliRun.run(Launcher::run, "", "server", "--port", Integer.toString(other.getLocalPort()));

            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.output()).isEmpty();
            // the kit's words, the same for Linux's "Address already in use" and Windows' "Address already in use: bind"
            assertThat(server.errors()).isEqualTo("error: address already in use"
                    + " (another program holds this port: stop it, or choose another with --port, 0 for any free one)"
                    + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("client with no server: exits 1 with Connection refused and what to do")
    void clientWithoutServerFailsClearly() throws Exception {
        // A port this test holds without listening: a connect to it is refused, and no other program can take it meanwhile.
        try (RefusingPort held = RefusingPort.open()) {
            CliRun.Result client = CliRun.run(Launcher::run, "hello\n", "client", "--port", Integer.toString(held.port()));

            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.output()).isEmpty();
            // the kit's words, the same for "Connection refused" (Linux, macOS) and "Connection refused: connect" (Windows)
            assertThat(client.errors()).isEqualTo("error: connection refused (is the server running? start it first)"
                    + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("naive-write-server (the classic NIO bug, --mistake in any case) and client: small answers still fit")
    void naiveWriteServer() throws Exception {
        clientAgainst("naive-write-server", "--port", "0", "--mistake", "retry_until_written");
    }

    @Test
    @DisplayName("naive-write-server --mistake with a value it does not know: a usage error, exit 2, the candidates named")
    void unknownMistakeIsAUsageError() {
        CliRun.Result bad = CliRun.run(Launcher::run, "", "naive-write-server", "--mistake", "forget");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).isEmpty();
        assertThat(bad.errors().lines()).singleElement().asString()
                .contains("IGNORE_WHAT_WRITE_RETURNED, RETRY_UNTIL_WRITTEN").contains("naive-write-server --help");
    }

    @Test
    @DisplayName("--port 70000 and --byte-order middle: usage errors, exit 2, one line on stderr")
    void badPortAndByteOrderAreUsageErrors() {
        for (String[] args : List.of(new String[] {"server", "--port", "70000"}, new String[] {"client", "--byte-order", "middle"})) {
            CliRun.Result bad = CliRun.run(Launcher::run, "", args);

            assertThat(bad.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(bad.output()).isEmpty();
            assertThat(bad.errors().lines()).singleElement().asString().startsWith("error: ");
        }
    }

    @Test
    @DisplayName("--version: the command's name and the build's version")
    void versionIsTheBuilds() {
        CliRun.Result version = CliRun.run(Launcher::run, "", "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).matches("lesson05-nonblocking \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    @DisplayName("client whose server hangs up without answering: exits 1, says the other side went away")
    void clientSaysWhenTheServerHangsUp() throws Exception {
        try (java.net.ServerSocket hangsUp = new java.net.ServerSocket()) {
            hangsUp.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            Clients.inBackground(() -> {
                try (Socket conn = hangsUp.accept()) {
                    conn.getInputStream().readNBytes(4 + 5); // the whole question; then close, no answer
                }
            });
            CliRun.Result client = CliRun.run(Launcher::run, "hello\n", "client", "--port", Integer.toString(hangsUp.getLocalPort()));

            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.output()).isEmpty();
            assertThat(client.errors()).isEqualTo("error: the other side went away (the server closed the connection)"
                    + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("client: an answer holding an escape sequence and a newline is shown quoted and escaped, a plain one as it came")
    void clientShowsControlCharactersEscaped() throws Exception {
        try (java.net.ServerSocket forger = new java.net.ServerSocket()) {
            forger.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            LengthPrefixCodec codec = new LengthPrefixCodec();
            Clients.inBackground(() -> {
                try (Socket conn = forger.accept()) {
                    java.io.InputStream in = new java.io.BufferedInputStream(conn.getInputStream());
                    codec.readFrame(in);
                    codec.writeFrame(conn.getOutputStream(), "\u001b[2Jhi\nserver: send me your password".getBytes(StandardCharsets.UTF_8));
                    codec.readFrame(in);
                    codec.writeFrame(conn.getOutputStream(), "你好 \"PLAIN\"".getBytes(StandardCharsets.UTF_8));
                    codec.readFrame(in); // until the client quits
                }
            });
            CliRun.Result client = CliRun.run(Launcher::run, "one\ntwo\nq\n", "client", "--port", Integer.toString(forger.getLocalPort()));

            assertThat(client.exitCode()).as(client.errors()).isZero();
            assertThat(client.output().lines()).containsExactly("\"\\u001b[2Jhi\\nserver: send me your password\"", "你好 \"PLAIN\"");
        }
    }

    @Test
    @DisplayName("§7 demo: both one-thread servers serve two clients; idle CPU of each printed; the naive write loses replies, the queue none")
    void demoNarratesBusyLoopSelectorAndTheWriteThatDoesNotFit() {
        CliRun.Result demo = CliRun.run(Launcher::run, "", "demo", "--idle-ms", "100");

        assertThat(demo.exitCode()).as(demo.errors()).isZero();
        assertThat(demo.output().lines().toList()).satisfiesExactly(
                line -> assertThat(line).matches("\\[busy-server] listening on 127\\.0\\.0\\.1:\\d+: one thread, accept\\(\\) and read\\(\\) tried in a loop"),
                line -> assertThat(line).isEqualTo("[A] sends hello a, gets HELLO A; [B] sends hello b, gets HELLO B"),
                line -> assertThat(line).matches("\\[busy-server] idle for 100 ms, A and B connected: used \\d+ ms of CPU, went round the loop [\\d,]+ times for nothing"),
                line -> assertThat(line).matches("\\[server] listening on 127\\.0\\.0\\.1:\\d+: one thread asleep in select\\(\\)"),
                line -> assertThat(line).isEqualTo("[A] sends hello a, gets HELLO A; [B] sends hello b, gets HELLO B"),
                line -> assertThat(line).matches("\\[server] idle for 100 ms, A and B connected: used \\d+ ms of CPU, went round the loop 0 times"),
                line -> assertThat(line).matches("idle CPU, side by side: busy-server \\d+ ms, selector \\d+ ms, in 100 ms each"),
                line -> assertThat(line).isEqualTo("a client sends 256 requests of 1 KiB and reads nothing until all are answered (263,168 bytes of replies due):"),
                line -> assertThat(line).matches("\\[naive] write\\(\\) once, its count ignored: [\\d,]+ bytes came back, [1-9][\\d,]* thrown away by the server"),
                line -> assertThat(line).isEqualTo("[server] the rest queued, OP_WRITE until sent: 263,168 bytes came back, 0 lost"),
                line -> assertThat(line).isEqualTo("one thread serves many clients in both; only the selector sleeps while idle and keeps every reply"));
    }
}
