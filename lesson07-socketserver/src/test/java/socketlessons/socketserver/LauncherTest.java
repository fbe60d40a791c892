package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.RefusingPort;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson07 launcher: every command it lists runs")
@Execution(ExecutionMode.CONCURRENT) // each test runs its own commands on ports of their own: no state shared
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs: check, client, demo, server, udp-client, udp-server")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactly("check", "client", "demo", "server", "udp-client", "udp-server");
    }

    @Test
    @DisplayName("§9 server (threading, --pool 2, --one-at-a-time) and client: each line comes back in upper case; q quits; the log names the serving thread")
    void serverAndClient() throws Exception {
        record Variant(List<String> options, String servingThread) {
        }
        for (Variant variant : List.of(
                new Variant(List.of(), "socketserver 127.0.0.1:PORT handler 127.0.0.1:"),
                new Variant(List.of("--pool", "2"), "socketserver 127.0.0.1:PORT pool-thread-1\""),
                new Variant(List.of("--one-at-a-time"), "console-run server"))) { // serveForever's own thread ("main" in a terminal)
            List<String> args = new java.util.ArrayList<>(List.of("server", "--port", "0"));
            args.addAll(variant.options());
            try (CliRun server = CliRun.start(Launcher::run, args.toArray(String[]::new))) {
                int port = server.awaitListeningPort();

                CliRun.Result client = CliRun.run(Launcher::run, "hello\n你好, straße\nq\n", "client", "--port", Integer.toString(port));

                assertThat(client.exitCode()).as(client.errors()).isZero();
                assertThat(client.output().lines()).as(args.toString()).containsExactly("HELLO", "你好, STRASSE");
                server.awaitOutput(": finish(): done with this client");
                assertThat(server.output()).as(args.toString()).contains(": connected; served by the thread \""
                        + variant.servingThread().replace("PORT", Integer.toString(port)));
            }
        }
    }

    @Test
    @DisplayName("§9 server says which server it is and how to stop it")
    void serverSaysWhatItIs() {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();
            server.awaitOutput("Ctrl+C");
            assertThat(server.output().lines()).containsExactly(
                    "listening on 127.0.0.1:" + port,
                    "ThreadingTcpServer: a thread per client; Ctrl+C shuts it down");
        }
    }

    @Test
    @DisplayName("§9 server on a port in use: exits 1, one line on stderr says address already in use and what to do")
    void serverOnBusyPortFailsClearly() throws Exception {
        try (TcpServer other = new TcpServer(new InetSocketAddress("127.0.0.1", 0), UpperLineHandler::new)) {
            CliRun.Result server = CliRun.run(Launcher::run, "", "server", "--port", Integer.toString(other.address().getPort()));

            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.output()).isEmpty();
            assertThat(server.errors()).isEqualTo("error: address already in use"
                    + " (another program holds this port: stop it, or choose another with --port, 0 for any free one)"
                    + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§9 client with no server: exits 1, one line on stderr says connection refused and what to do")
    void clientWithoutServerFailsClearly() throws Exception {
        try (RefusingPort nobodyListens = RefusingPort.open()) {
            CliRun.Result client = CliRun.run(Launcher::run, "", "client", "--port", Integer.toString(nobodyListens.port()));

            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.output()).isEmpty();
            assertThat(client.errors()).isEqualTo("error: connection refused (is the server running? start it first)" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§9 server --pool 1 --queue 0: the refused client learns it at once, before typing anything (and with its input piped): one line, the server is busy, exit 1")
    void refusedClientSaysBusyAtOnce() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0", "--pool", "1", "--queue", "0")) {
            String port = Integer.toString(server.awaitListeningPort());
            try (CliRun first = CliRun.start(Launcher::run, "client", "--port", port)) {
                first.type("first");
                first.awaitOutput("FIRST");

                CliRun refused = CliRun.start(Launcher::run, "client", "--port", port); // types nothing

                assertThat(refused.awaitExit()).isEqualTo(1);
                assertThat(refused.output()).isEmpty();
                assertThat(refused.errors()).isEqualTo("error: the server is busy: it closed the connection before answering (try again later)"
                        + System.lineSeparator());
                refused.close();
                server.awaitOutput("pool full (1 busy, 0 waiting): refusing 127.0.0.1:");

                CliRun.Result piped = CliRun.run(Launcher::run, "hello\nq\n", "client", "--port", port); // echo hello | client
                assertThat(piped.exitCode()).isEqualTo(1);
                assertThat(piped.errors()).isEqualTo("error: the server is busy: it closed the connection before answering (try again later)"
                        + System.lineSeparator());
            }
        }
    }

    @Test
    @DisplayName("§9 client whose server goes away after answering: one line on stderr, exit 1 (no Broken pipe later)")
    void clientSaysWhenServerWentAway() throws Exception {
        HandlerFactory<Socket> answerOnceThenHangUp = () -> new StreamRequestHandler() {
            @Override
            protected void handle() throws Exception {
                writeLine(readLine().toUpperCase(Locale.ROOT));
            }
        };
        try (ThreadingTcpServer server = new ThreadingTcpServer(new InetSocketAddress("127.0.0.1", 0), answerOnceThenHangUp,
                new TcpServer.Options(), line -> { });
             CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(server.address().getPort()))) {
            Thread loop = new Thread(server::serveForever, "test serve_forever");
            loop.start();
            client.type("hello");
            client.awaitOutput("HELLO");

            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.errors()).isEqualTo("error: the other side went away (the server closed the connection)" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§9 client and udp-client show the server's text with control characters escaped (an escape sequence would repaint the terminal); udp-client does not send a line over 8,192 bytes")
    void clientsEscapeControlCharactersAndUdpClientKeepsToMaxPacketSize() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0");
             CliRun udpServer = CliRun.start(Launcher::run, "udp-server", "--port", "0")) {
            CliRun.Result client = CliRun.run(Launcher::run, "a\u001b[2Jb 你好\nq\n", "client", "--port", Integer.toString(server.awaitListeningPort()));
            CliRun.Result udpClient = CliRun.run(Launcher::run, "x".repeat(UdpServer.MAX_PACKET_SIZE + 1) + "\nc\u0007\nq\n",
                    "udp-client", "--port", Integer.toString(udpServer.awaitListeningPort()));

            assertThat(client.output().lines()).containsExactly("\"A\\u001b[2JB 你好\"");
            assertThat(udpClient.output().lines()).containsExactly("not sent: 8193 bytes, more than the server takes (8192)", "\"C\\u0007\"");
        }
    }

    @Test
    @DisplayName("check server --port N: the §9 stages pass against our own server, started outside the checker")
    void checkCommandChecksARunningServer() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            String port = Integer.toString(server.awaitListeningPort());
            CliRun.Result check = CliRun.run(Launcher::run, "", "check", "server", "--port", port, "--timeout", "30");

            assertThat(check.exitCode()).as(check.errors()).isZero();
            assertThat(check.output().lines()).contains("[stage 1: answers in upper case] passed", "all 3 server stages passed");
        }
    }

    @Test
    @DisplayName("bad options are usage errors (exit 2, one line): --port 70000, --pool -1")
    void badOptionsAreUsageErrors() {
        for (String[] args : List.of(new String[] {"server", "--port", "70000"}, new String[] {"server", "--pool", "-1"})) {
            CliRun.Result run = CliRun.run(Launcher::run, "", args);

            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.errors().lines()).as(String.join(" ", args)).hasSize(1).allMatch(line -> line.startsWith("error: "));
        }
    }

    @Test
    @DisplayName("--version: the version Maven built")
    void versionIsTheBuildsVersion() {
        CliRun.Result version = CliRun.run(Launcher::run, "", "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.output().strip()).matches("lesson07-socketserver \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    @DisplayName("§9 udp-server and udp-client: each line is a datagram, answered in upper case")
    void udpServerAndClient() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "udp-server", "--port", "0")) {
            int port = server.awaitListeningPort();

            CliRun.Result client = CliRun.run(Launcher::run, "hello udp\n你好\nq\n", "udp-client", "--port", Integer.toString(port));

            assertThat(client.exitCode()).isZero();
            assertThat(client.output().lines()).containsExactly("HELLO UDP", "你好");
        }
    }

    @Test
    @DisplayName("§9 demo: B waits on TcpServer; A, B, C at once on ThreadingTcpServer, then shutdown; the pool queues C and refuses D; exits 0")
    void demoPrintsWhatTheReadmeShows() {
        CliRun.Result demo = CliRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT").lines()).containsExactly(
                "1. TcpServer on 127.0.0.1:PORT: one client at a time (Python's TCPServer)",
                "[A] sent \"hello from A\", got \"HELLO FROM A\"",
                "[B] connected (the kernel did the handshake) and sent \"hello from B\"",
                "[B] no answer after 300 ms: the server's only thread is busy with A",
                "[A] quits",
                "[B] got \"HELLO FROM B\" now that A has gone",
                "",
                "2. ThreadingTcpServer on 127.0.0.1:PORT: a thread per client (Python's ThreadingTCPServer)",
                "[A] connected",
                "[B] connected",
                "[C] connected",
                "[A] sent \"hello from A\", got \"HELLO FROM A\" (the others are still connected)",
                "[B] sent \"hello from B\", got \"HELLO FROM B\" (the others are still connected)",
                "[C] sent \"hello from C\", got \"HELLO FROM C\" (the others are still connected)",
                "[server] handler threads: 3, one per client",
                "[server] closeGracefully(200 ms): stop accepting now; give the handlers 200 ms; then close what is left",
                "[D] connect: Connection refused: the server no longer accepts",
                "[A] read() returned -1: the server closed the connection",
                "[B] read() returned -1: the server closed the connection",
                "[C] read() returned -1: the server closed the connection",
                "[server] handler threads after shutdown: 0",
                "",
                "3. PooledTcpServer on 127.0.0.1:PORT: 2 threads, 1 place in the queue",
                "[A] got \"HELLO FROM A\"",
                "[B] got \"HELLO FROM B\"",
                "[C] connected and sent \"hello from C\": it waits in the queue, both threads are busy",
                "[D] connected and read \"server busy: try again later\"; then read() returned -1",
                "[server] pool threads: 2 for 4 clients",
                "[A] quits",
                "[C] got \"HELLO FROM C\": a pool thread came free");
    }
}
