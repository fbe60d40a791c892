package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Background;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.RefusingPort;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson01 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands the tests run: browser, check, client, demo, file-vs-socket, server")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactly("browser", "check", "client", "demo", "file-vs-socket", "server");
    }

    @Test
    @DisplayName("check server --port N: the §1.3 stages pass against a HelloServer started outside the checker")
    void checkCommandChecksARunningServer() throws Exception {
        try (HelloServer server = new HelloServer("127.0.0.1", 0)) {
            Background.call(() -> {
                while (true) {
                    server.serveOne(); // one client per stage, until the server is closed
                }
            });
            int port = server.address().getPort();
            CliRun.Result check = CliRun.run(Launcher::run, "", "check", "server", "--port", Integer.toString(port), "--timeout", "30");

            assertThat(check.exitCode()).as(check.errors()).isZero();
            assertThat(check.output().lines()).contains("[stage 1: sends hello] passed", "[stage 3: hangs up] passed", "all 3 server stages passed");
        }
    }

    @Test
    @DisplayName("server and client: the README's two-terminal run prints hello and byebye")
    void serverAndClientCommandsTalk() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();

            CliRun.Result client = CliRun.run(Launcher::run, "", "client", "--port", Integer.toString(port));

            assertThat(client.exitCode()).isZero();
            assertThat(client.output()).isEqualTo("hello" + System.lineSeparator());
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).isEqualTo("listening on 127.0.0.1:" + port + System.lineSeparator()
                    + "byebye" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§1.3 client with no server: exits 1, one line on stderr says connection refused and what to do")
    void clientWithoutServerFailsClearly() throws Exception {
        try (RefusingPort nobodyListens = RefusingPort.open()) {
            CliRun.Result client = CliRun.run(Launcher::run, "", "client", "--port", Integer.toString(nobodyListens.port()));

            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.output()).isEmpty();
            assertThat(client.errors()).isEqualTo("error: connection refused"
                    + " (is the server running? start it first, or give the client --retry SECONDS)" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§1.3 server on a port in use: exits 1, one line on stderr says address already in use and what to do")
    void serverOnBusyPortFailsClearly() throws Exception {
        try (HelloServer other = new HelloServer("127.0.0.1", 0)) {
            CliRun.Result server = CliRun.run(Launcher::run, "", "server", "--port", Integer.toString(other.address().getPort()));

            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.output()).isEmpty();
            assertThat(server.errors()).isEqualTo("error: address already in use"
                    + " (another program holds this port: stop it, or choose another with --port, 0 for any free one)"
                    + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§1.2 server on an address that is not this machine's: exits 1 and says so (not \"port in use\")")
    void serverOnForeignAddressFailsClearly() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine; nothing is sent.
        CliRun.Result server = CliRun.run(Launcher::run, "", "server", "--host", "192.0.2.1", "--port", "0");

        assertThat(server.exitCode()).isEqualTo(1);
        assertThat(server.errors()).isEqualTo("error: cannot assign the address"
                + " (is --host an address of this machine? 127.0.0.1 always is)" + System.lineSeparator());
    }

    @Test
    @DisplayName("--port 70000: a usage error, exit 2, one line on stderr, no socket made")
    void portOutOfRangeIsUsageError() {
        CliRun.Result server = CliRun.run(Launcher::run, "", "server", "--port", "70000");

        assertThat(server.exitCode()).isEqualTo(2);
        assertThat(server.output()).isEmpty();
        assertThat(server.errors()).isEqualTo("error: Invalid value for option '--port': '70000' is not a port:"
                + " a port is 0 to 65535 (0 picks a free one) (see lesson01-socket-basics server --help)" + System.lineSeparator());
    }

    @Test
    @DisplayName("--version: the version Maven built")
    void versionIsTheBuildsVersion() {
        CliRun.Result version = CliRun.run(Launcher::run, "", "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.output().strip()).matches("lesson01-socket-basics \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    @DisplayName("browser --requests 1: answers one HTTP request and stops")
    void browserCommandAnswersOneRequest() throws Exception {
        try (CliRun browser = CliRun.start(Launcher::run, "browser", "--port", "0", "--requests", "1")) {
            int port = browser.awaitListeningPort();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(browser.awaitExit()).isZero();
            assertThat(browser.output()).contains("open http://127.0.0.1:" + port + "/ in a browser", "request: GET / HTTP/1.1");
        }
    }

    @Test
    @DisplayName("demo: narrates the handshake, hello, byebye and the four-way close, and exits 0")
    void demoNarratesTheWholeExchange() {
        CliRun.Result demo = CliRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().map(line -> line.replaceAll(":\\d+", ":PORT")).toList()).containsExactly(
                "[server] bind + listen: listening on 127.0.0.1:PORT",
                "[client] connect() returned: SYN, SYN+ACK, ACK done; the server has not called accept() yet",
                "[server] accept() took the finished connection off the backlog: conn talks to 127.0.0.1:PORT",
                "[server] send: hello",
                "[client] recv: hello",
                "[client] send: byebye",
                "[server] recv: byebye",
                "[client] close(): FIN sent (1st of the four-way close); the kernel ACKs it (2nd)",
                "[server] read() returned -1: end of stream, the client has closed its side",
                "[server] conn.close(): FIN sent (3rd); the client's kernel ACKs it (4th)",
                "[client] the side that closed first waits in TIME_WAIT for a while (2 x MSL)",
                "[server] sk.close(): the port is free again");
    }

    @Test
    @DisplayName("§3.1 file-vs-socket: the same hello through a file (polled) and through a socket (read waits)")
    void fileVsSocketShowsBothWays() {
        CliRun.Result demo = CliRun.run(Launcher::run, "", "file-vs-socket", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().map(line -> line.replaceAll(":\\d+", ":PORT")).toList()).containsExactly(
                "[file  ] writer: wrote hello to mailbox.txt in a folder both programs can see",
                "[file  ] reader: looked until the file was there, read hello",
                "[file  ] works only for programs on this machine, and the reader must keep looking",
                "[socket] server: listening on 127.0.0.1:PORT",
                "[socket] client: connect() to the address, write hello",
                "[socket] server: read() waited for the bytes, got hello",
                "[socket] works between any two machines that can reach each other's address");
    }
}
