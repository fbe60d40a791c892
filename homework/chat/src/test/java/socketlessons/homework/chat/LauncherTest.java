package socketlessons.homework.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("homework-chat launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly(
                "chat-server", "chat-client", "chat-load");
    }

    @Test
    @DisplayName("§10.2 chat-server and chat-client: register, a message to an offline friend is stored, and shown at its login")
    void chatServerAndClient(@TempDir Path dir) throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "chat-server", "--port", "0", "--data", dir.toString(), "--iterations", "1000")) {
            String port = Integer.toString(server.awaitListeningPort());
            ConsoleRun.Result bob = ConsoleRun.run(Launcher::run, "bob-password\n", "chat-client", "--port", port, "--user", "bob", "--register");
            assertThat(bob.output()).contains("registered bob", "welcome bob (0 messages waited for you)");

            try (ConsoleRun alice = ConsoleRun.start(Launcher::run, "chat-client", "--port", port, "--user", "alice", "--register")) {
                alice.type("alice-password");
                alice.awaitOutput("welcome alice");
                alice.type("@bob 你好 bob");
                alice.awaitOutput("(stored)");
                alice.type("/who");
                alice.awaitOutput("online: alice");
                alice.type("q");
                assertThat(alice.awaitExit()).isZero();
            }
            try (ConsoleRun bobAgain = ConsoleRun.start(Launcher::run, "chat-client", "--port", port, "--user", "bob", "--color", "never")) {
                bobAgain.type("bob-password");
                bobAgain.awaitOutput("welcome bob (1 messages waited for you)");
                bobAgain.awaitOutput("alice: 你好 bob");
                bobAgain.type("/quit");
                assertThat(bobAgain.awaitExit()).isZero();
            }
            ConsoleRun.Result load = ConsoleRun.run(Launcher::run, "", "chat-load", "--port", port, "--users", "5", "--seconds", "0.5");
            assertThat(load.exitCode()).as(load.output()).isZero();
            assertThat(load.output()).containsPattern("users 5: [\\d,]+ messages/s \\([\\d,]+ sent, [\\d,]+ received\\), delivery latency p50 [\\d,]+ µs, p99 [\\d,]+ µs, lost 0, duplicated 0");

            ConsoleRun.Result wrong = ConsoleRun.run(Launcher::run, "not-the-password\n", "chat-client", "--port", port, "--user", "bob");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.output()).contains("wrong user name or password");
        }
    }
}
