package socketlessons.homework.friends;

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
@DisplayName("homework-friends launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly(
                "friends-server", "friends-client", "demo");
    }

    @Test
    @DisplayName("§10.1 friends-server and friends-client: alex's message shown by name, without colour when output is not a terminal")
    void friendsServerAndClient(@TempDir Path dir) throws Exception {
        Path friends = dir.resolve("friends.json");
        Files.writeString(friends, "[{\"id\": \"7\", \"name\": \"bob\", \"color\": \"32\"}]");
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "friends-server", "--port", "0", "--friends", friends.toString(),
                "--conversations", "1")) {
            int port = server.awaitListeningPort();
            try (ConsoleRun client = ConsoleRun.start(Launcher::run, "friends-client", "--port", Integer.toString(port), "--id", "7")) {
                client.type("hello from bob");
                server.awaitOutput("bob: hello from bob");
                server.type("hi bob");
                client.awaitOutput("hi bob");
                client.type("q");
                assertThat(client.awaitExit()).isZero();
                assertThat(client.output()).contains("你已经断开和server的聊天！");
            }
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("bob已经下线").doesNotContain("\033[");
        }
    }

    @Test
    @DisplayName("§10.1 friends-server --color always paints names even when output is not a terminal")
    void colorAlways() throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "friends-server", "--port", "0", "--color", "always", "--conversations", "1");
             java.net.Socket sk = new java.net.Socket("127.0.0.1", server.awaitListeningPort())) {
            sk.getOutputStream().write("{\"msg\": \"q\", \"id\": \"12346\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("sia已经下线");
        }
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "friends-server", "--port", "0", "--color", "always", "--conversations", "1");
             java.net.Socket sk = new java.net.Socket("127.0.0.1", server.awaitListeningPort())) {
            sk.getOutputStream().write("{\"msg\": \"hi\", \"id\": \"12346\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            server.awaitOutput("\033[33msia: hi\033[0m");
            server.type("q");
            assertThat(server.awaitExit()).isZero();
        }
    }

    @Test
    @DisplayName("§10.1 demo: a stranger answered, glued messages both read; exits 0")
    void demoShowsBothFixes() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().skip(1).map(l -> l.replaceAll(":\\d+ says", ":PORT says")).toList()).containsExactly(
                "[client] sends {\"msg\": \"hello\", \"id\": \"99999\"}: a number the server does not know",
                "[client] server answers: I do not know who 99999 is  (the notes' server died here with KeyError)",
                "[client] sends {\"msg\": \"hello\", \"id\": \"12345\"}: alex",
                "[client] server answers: hi alex",
                "[client] sends two messages in ONE write: {...}{...}",
                "[client] server answers: got one",
                "[client] server answers: got two  (json.loads would have failed: Extra data)",
                "[client] sends {\"msg\": \"q\", \"id\": \"12345\"}: goodbye",
                "[server] printed (its >>> prompts left out):",
                "  127.0.0.1:PORT says it is 99999, who is not in the friends table: hello",
                "  alex: hello",
                "  alex: one",
                "  alex: two",
                "  alex已经下线");
    }
}
