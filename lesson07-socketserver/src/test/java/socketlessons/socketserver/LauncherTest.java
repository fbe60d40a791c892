package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson07 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly("server", "client", "udp-server", "udp-client", "demo");
    }

    @Test
    @DisplayName("§9 server and client: each line comes back in upper case; q quits")
    void serverAndClient() throws Exception {
        for (String[] variant : new String[][] {{}, {"--pool", "2"}, {"--one-at-a-time"}}) {
            String[] args = new String[variant.length + 3];
            args[0] = "server";
            args[1] = "--port";
            args[2] = "0";
            System.arraycopy(variant, 0, args, 3, variant.length);
            try (ConsoleRun server = ConsoleRun.start(Launcher::run, args)) {
                int port = server.awaitListeningPort();
                ConsoleRun.Result client = ConsoleRun.run(Launcher::run, "hello\n你好\nq\n", "client", "--port", Integer.toString(port));
                assertThat(client.exitCode()).isZero();
                assertThat(client.output().lines()).as(String.join(" ", variant)).containsExactly("HELLO", "你好");
            }
        }
    }

    @Test
    @DisplayName("§9 udp-server and udp-client: each line is a datagram, answered in upper case")
    void udpServerAndClient() throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "udp-server", "--port", "0")) {
            int port = server.awaitListeningPort();
            ConsoleRun.Result client = ConsoleRun.run(Launcher::run, "hello udp\nq\n", "udp-client", "--port", Integer.toString(port));
            assertThat(client.exitCode()).isZero();
            assertThat(client.output().lines()).containsExactly("HELLO UDP");
        }
    }

    @Test
    @DisplayName("§9 demo: three clients served at once, then shutdown closes them; exits 0")
    void demoServesThreeClientsAtOnce() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().skip(1).toList()).containsExactly(
                "[A] connected",
                "[B] connected",
                "[C] connected",
                "[A] sent: hello from A   got: HELLO FROM A   (the others are still connected)",
                "[B] sent: hello from B   got: HELLO FROM B   (the others are still connected)",
                "[C] sent: hello from C   got: HELLO FROM C   (the others are still connected)",
                "[server] handler threads: 3, one per client",
                "[server] shutdown(): stop accepting now; give handlers 200 ms; then close what is left",
                "[server] handler threads after shutdown: 0",
                "[A] read() returned -1: the server closed the connection",
                "[B] read() returned -1: the server closed the connection",
                "[C] read() returned -1: the server closed the connection");
    }
}
