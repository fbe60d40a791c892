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
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson01 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs: server, client, browser, demo")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly("server", "client", "browser", "demo");
    }

    @Test
    @DisplayName("server and client: the README's two-terminal run prints hello and byebye")
    void serverAndClientCommandsTalk() throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();

            ConsoleRun.Result client = ConsoleRun.run(Launcher::run, "", "client", "--port", Integer.toString(port));

            assertThat(client.exitCode()).isZero();
            assertThat(client.output()).isEqualTo("hello" + System.lineSeparator());
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).isEqualTo("listening on 127.0.0.1:" + port + System.lineSeparator()
                    + "byebye" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§1.3 client with no server: exits 1 and says Connection refused, with what to do")
    void clientWithoutServerFailsClearly() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ConsoleRun.Result client = ConsoleRun.run(Launcher::run, "", "client", "--port", Integer.toString(port));

        assertThat(client.exitCode()).isEqualTo(1);
        assertThat(client.output()).isEqualTo("error: java.net.ConnectException: Connection refused"
                + " (is the server running? start it first, or give the client --retry SECONDS)" + System.lineSeparator());
    }

    @Test
    @DisplayName("§1.3 server on a port in use: exits 1 and says Address already in use, with what to do")
    void serverOnBusyPortFailsClearly() throws Exception {
        try (HelloServer other = new HelloServer("127.0.0.1", 0)) {
            ConsoleRun.Result server = ConsoleRun.run(Launcher::run, "", "server", "--port", Integer.toString(other.address().getPort()));

            assertThat(server.exitCode()).isEqualTo(1);
            assertThat(server.output()).isEqualTo("error: java.net.BindException: Address already in use"
                    + " (another program holds this port: stop it, or choose another with --port, 0 for any free one)"
                    + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("browser --requests 1: answers one HTTP request and stops")
    void browserCommandAnswersOneRequest() throws Exception {
        try (ConsoleRun browser = ConsoleRun.start(Launcher::run, "browser", "--port", "0", "--requests", "1")) {
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
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0");

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
}
