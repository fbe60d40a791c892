package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson02 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs: server, client, demo")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly("server", "client", "demo");
    }

    @Test
    @DisplayName("§4 server and client in two terminals: they take turns, and end of the client's input quits")
    void serverAndClientChat() throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", "0", "--conversations", "1")) {
            int port = server.awaitListeningPort();
            try (ConsoleRun client = ConsoleRun.start(Launcher::run, "client", "--port", Integer.toString(port))) {
                client.type("你好");
                server.awaitOutput("你好");
                server.type("hi there");
                client.awaitOutput("hi there");
                client.endInput();
                assertThat(client.awaitExit()).isZero();
                assertThat(client.output()).contains("conversation ended: our input ended");
            }
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("ended: the other side said q");
        }
    }

    @Test
    @DisplayName("§4.3 demo: B waits until A quits; narrated in order; exits 0")
    void demoShowsTheSecondClientWaiting() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().skip(1).toList()).containsExactly(
                "[A] connects and says: hi, I am A",
                "[server] shows: hi, I am A",
                "[B] connect() returned at once (the kernel queued B in the backlog); B says: anyone there?",
                "[B] waits: the server has accepted 1 connection, A's, and reads only from A",
                "[A] hears: hello A",
                "[A] says q and leaves",
                "[server] accepts B at last and shows: anyone there?",
                "[B] hears: hello B, sorry for the wait",
                "[B] says q and leaves",
                "one client at a time: lesson05 (a selector) and lesson07 (a thread per client) serve both at once");
    }
}
