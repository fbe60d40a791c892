package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.RefusingPort;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson04 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands these tests run")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run))
                .containsExactlyInAnyOrder("naive-server", "naive-client", "server", "client", "relay", "send-file", "receive-file",
                        "demo", "check");
    }

    @Test
    @DisplayName("§6.2 check: lists its seven server and five client stages, and passes lesson04's own FramedEchoServer started on a port")
    void checkPassesTheLessonsOwnServer() throws Exception {
        CliRun.Result list = CliRun.run(Launcher::run, "", "check", "--list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.output().lines()).hasSize(14).startsWith("server stages (check server -- COMMAND):")
                .contains("  7. refuses a 2 GiB length: a length of 2,147,483,647 followed by 10 bytes is refused at once, then the next client is served",
                        "client stages (check client -- COMMAND):")
                .endsWith("  5. q quits and hangs up: after the echoes, q ends the client: it sends nothing more and closes its socket");

        try (FramedEchoServer server = new FramedEchoServer("127.0.0.1", 0, new LengthPrefixCodec(), line -> { }).start()) {
            CliRun.Result check = CliRun.run(Launcher::run, "", "check", "server", "--port", Integer.toString(server.address().getPort()));
            assertThat(check.exitCode()).as(check.output() + check.errors()).isZero();
        }
    }

    @Test
    @DisplayName("§6.1 naive-server and naive-client: five sends come out of one read, glued")
    void naiveServerShowsGlue() throws Exception {
        // --wait-bytes 50: the server reads only once all five 10-byte messages wait, so the glue shows every run.
        try (CliRun server = CliRun.start(Launcher::run, "naive-server", "--port", "0", "--busy-ms", "0", "--wait-bytes", "50")) {
            int port = server.awaitListeningPort();
            CliRun.Result client = CliRun.run(Launcher::run, "", "naive-client", "--port", Integer.toString(port));

            assertThat(client.exitCode()).isZero();
            assertThat(client.output().lines()).containsExactly(
                    "send 1: message 1;", "send 2: message 2;", "send 3: message 3;", "send 4: message 4;", "send 5: message 5;");
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output().lines().skip(1)).containsExactly(
                    "recv 1: \"message 1;message 2;message 3;message 4;message 5;\"", "client closed");
        }
    }

    @Test
    @DisplayName("§6.2 relay: between client and server it cuts the stream into slices, and the framed echo still comes back whole")
    void relaySlicesBetweenClientAndServer() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            int serverPort = server.awaitListeningPort();
            try (CliRun relay = CliRun.start(Launcher::run, "relay", "--port", "0", "--to", "127.0.0.1:" + serverPort,
                    "--max-slice", "2", "--max-delay-us", "100", "--connections", "1")) {
                int relayPort = relay.awaitListeningPort();
                CliRun.Result client = CliRun.run(Launcher::run, "hello\n你好, 粘包\n", "client", "--port", Integer.toString(relayPort));

                assertThat(client.output().lines()).containsExactly("echo: \"hello\"", "echo: \"你好, 粘包\"");
                assertThat(relay.awaitExit()).isZero();
                // Two frames of 4 + 5 and 4 + 14 bytes each way, in slices of 1 or 2 bytes: at least 14 writes each way.
                assertThat(relay.output().lines()).contains(
                        "forwarding to 127.0.0.1:" + serverPort + " in slices of 1 to 2 bytes, 0 to 100 µs apart (seed 1)");
                assertThat(relay.output().lines().filter(l -> l.startsWith("relay to ")))
                        .hasSize(2)
                        .allMatch(l -> l.matches("relay to (server|client): 27 bytes in (1[4-9]|2[0-7]) slices, then end of stream"));
            }
        }
    }

    @Test
    @DisplayName("§6.2 server and client: each typed line comes back as one frame; q quits")
    void serverEchoesClientFrames() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();
            CliRun.Result client = CliRun.run(Launcher::run, "hello\n你好\nq\nnot sent\n", "client", "--port", Integer.toString(port));

            assertThat(client.exitCode()).isZero();
            assertThat(client.output().lines()).containsExactly("echo: \"hello\"", "echo: \"你好\"");
            assertThat(client.errors()).isEmpty();
        }
    }

    @Test
    @DisplayName("§6.2 client --byte-order little against a big-endian server: the server refuses the frame; the client exits 1 saying the server went away")
    void clientWithTheWrongByteOrderIsToldTheServerWentAway() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();
            CliRun.Result client = CliRun.run(Launcher::run, "hello\n", "client", "--port", Integer.toString(port), "--byte-order", "little");

            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.output()).isEmpty();
            // A FIN when the server had read all 9 bytes, a reset when some were still unread (Linux, macOS, Windows alike).
            assertThat(client.errors()).matches("error: the other side went away \\((the server closed the connection|.*reset.*)\\)\\R");
            server.awaitOutput("frame length 83886080 is above the maximum of 16777216 bytes");
        }
    }

    @Test
    @DisplayName("§6.2 client with no server: exits 1, one line on stderr says connection refused and what to do")
    void clientWithoutServerFailsClearly() throws Exception {
        try (RefusingPort nobodyListens = RefusingPort.open()) {
            for (String command : new String[] {"client", "naive-client"}) {
                CliRun.Result client = CliRun.run(Launcher::run, "hello\n", command, "--port", Integer.toString(nobodyListens.port()));

                assertThat(client.exitCode()).as(command).isEqualTo(1);
                assertThat(client.output()).as(command).isEmpty();
                assertThat(client.errors()).as(command)
                        .isEqualTo("error: connection refused (is the server running? start it first)" + System.lineSeparator());
            }
        }
    }

    @Test
    @DisplayName("§6.2 send-file with a file that is not there: exits 1 before connecting, one line on stderr names it and says what to check")
    void sendFileWithAMissingFileFailsClearly(@TempDir Path dir) throws Exception {
        try (RefusingPort nobodyListens = RefusingPort.open()) {
            String missing = dir.resolve("notes.txt").toString();
            CliRun.Result sender = CliRun.run(Launcher::run, "", "send-file", "--port", Integer.toString(nobodyListens.port()), missing);

            assertThat(sender.exitCode()).isEqualTo(1);
            assertThat(sender.output()).isEmpty();
            assertThat(sender.errors()).isEqualTo("error: no such file: " + missing
                    + " (check the path: it is relative to the folder you run the command from)" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("bad usage: a port out of range, an unknown byte order, a --to without a port: exit 2, one line on stderr")
    void badOptionsAreUsageErrors() {
        CliRun.Result port = CliRun.run(Launcher::run, "", "server", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.output()).isEmpty();
        assertThat(port.errors()).isEqualTo("error: Invalid value for option '--port': '70000' is not a port:"
                + " a port is 0 to 65535 (0 picks a free one) (see lesson04-sticky-packets server --help)" + System.lineSeparator());

        CliRun.Result order = CliRun.run(Launcher::run, "", "client", "--byte-order", "middle");
        assertThat(order.exitCode()).isEqualTo(2);
        assertThat(order.errors()).startsWith("error: Invalid value for option '--byte-order': expected one of [BIG, LITTLE]")
                .endsWith("(see lesson04-sticky-packets client --help)" + System.lineSeparator()).hasLineCount(1);

        CliRun.Result to = CliRun.run(Launcher::run, "", "relay", "--to", "localhost");
        assertThat(to.exitCode()).isEqualTo(2);
        assertThat(to.errors()).isEqualTo("error: Invalid value for option '--to': 'localhost' is not HOST:PORT (e.g. 127.0.0.1:9000)"
                + " (see lesson04-sticky-packets relay --help)" + System.lineSeparator());
    }

    @Test
    @DisplayName("--version: the version Maven built")
    void versionIsTheBuildsVersion() {
        CliRun.Result version = CliRun.run(Launcher::run, "", "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.output().strip()).matches("lesson04-sticky-packets \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    @DisplayName("§6.2 send-file and receive-file: the file arrives whole, with progress lines on both sides")
    void sendsAndReceivesAFile(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("notes.txt");
        Files.writeString(source, "粘包 ".repeat(100_000));
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        try (CliRun receiver = CliRun.start(Launcher::run, "receive-file", "--port", "0", "--dir", inbox.toString())) {
            int port = receiver.awaitListeningPort();
            CliRun.Result sender = CliRun.run(Launcher::run, "", "send-file", "--port", Integer.toString(port), source.toString());

            assertThat(sender.exitCode()).isZero();
            assertThat(sender.output().lines()).startsWith("0% 0/700000 bytes")
                    .endsWith("100% 700000/700000 bytes", "sent notes.txt (700000 bytes)");
            assertThat(receiver.awaitExit()).isZero();
            assertThat(receiver.output().lines().skip(1)).startsWith("receiving \"notes.txt\" (700000 bytes)", "0% 0/700000 bytes")
                    .endsWith("100% 700000/700000 bytes", "received \"notes.txt\" in " + inbox + " (700000 bytes)");
        }
        assertThat(Files.mismatch(source, inbox.resolve("notes.txt"))).isEqualTo(-1);
    }

    @Test
    @DisplayName("§6 demo: narrates the glue, then the same two messages framed, and exits 0")
    void demoNarratesGlueThenFix() {
        CliRun.Result demo = CliRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().skip(1).toList()).containsExactly(
                "-- 1. no framing (the course's §6.1) --",
                "[client] send(\"hello\")",
                "[client] send(\"world\")",
                "[server] recv(1024) -> \"helloworld\"   粘包: two messages, one read",
                "-- 2. length prefix (§6.2) --",
                "[client] send 00 00 00 05 + \"hello\"",
                "[client] send 00 00 00 05 + \"world\"",
                "[server] readFrame -> \"hello\"",
                "[server] readFrame -> \"world\"",
                "both messages arrived glued again, and the length prefix cut them apart");
        assertThat(demo.output()).startsWith("[server] listening on 127.0.0.1:");
    }
}
