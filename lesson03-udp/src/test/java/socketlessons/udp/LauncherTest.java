package socketlessons.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson03 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs: server, client, demo")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly("server", "client", "demo");
    }

    @Test
    @DisplayName("§5.1 server and client: the server shows the sender's address and answers it; q quits the client")
    void serverAndClient() throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();
            try (ConsoleRun client = ConsoleRun.start(Launcher::run, "client", "--port", Integer.toString(port))) {
                client.type("你好");
                server.awaitOutput("says: 你好");
                server.type("hi");
                client.awaitOutput("hi");
                client.type("q");
                assertThat(client.awaitExit()).isZero();
            }
            assertThat(server.output()).containsPattern("127\\.0\\.0\\.1:\\d+ says: 你好");
        }
    }

    @Test
    @DisplayName("§5 demo: three clients, one socket, narrated; exits 0")
    void demoServesThreeClients() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().skip(1).toList()).containsExactly(
                "[A] sendto(server): I am A",
                "[B] sendto(server): I am B",
                "[C] sendto(server): I am C",
                "[A] recvfrom: hello, A  (from the server's one socket)",
                "[B] recvfrom: hello, B  (from the server's one socket)",
                "[C] recvfrom: hello, C  (from the server's one socket)",
                "[server] printed each message with its sender's address:",
                "  127.0.0.1:PORT says: I am A",
                "  127.0.0.1:PORT says: I am B",
                "  127.0.0.1:PORT says: I am C",
                "one socket served three clients: no connection, so nobody waits for anybody");
    }
}
