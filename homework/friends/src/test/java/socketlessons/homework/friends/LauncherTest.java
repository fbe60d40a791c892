package socketlessons.homework.friends;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CoursePort;
import socketlessons.basics.testkit.Mains;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.RefusingPort;

@Timeout(value = 120, unit = TimeUnit.SECONDS) // a main on 9000 may wait for another module's test to let go of CoursePort
@DisplayName("homework-friends launcher: every command it lists runs; errors on stderr, exit 0/1/2")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactly(
                "check", "demo", "friends-client", "friends-server");
    }

    @Test
    @DisplayName("check --list names the §10.1 server and client stages; check with no program is a usage error (exit 2)")
    void checkListsItsStages() {
        CliRun.Result list = CliRun.run(Launcher::run, "", "check", "--list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.output()).contains("server stages (check server -- COMMAND):", "  1. a message and its answer:",
                "  7. garbage ends that friend only:", "client stages (check client -- COMMAND):", "  4. the server's q ends the chat:");

        CliRun.Result none = CliRun.run(Launcher::run, "", "check", "server");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.errors()).contains("give the command that starts your server after --");
    }

    @Test
    @DisplayName("§10.1 friends-server and friends-client: alex's message shown by name, without colour when output is not a terminal")
    void friendsServerAndClient(@TempDir Path dir) throws Exception {
        Path friends = dir.resolve("friends.json");
        Files.writeString(friends, "[{\"id\": \"7\", \"name\": \"bob\", \"color\": \"32\"}]");
        try (CliRun server = CliRun.start(Launcher::run, "friends-server", "--port", "0", "--friends", friends.toString(),
                "--conversations", "1")) {
            int port = server.awaitListeningPort();
            try (CliRun client = CliRun.start(Launcher::run, "friends-client", "--port", Integer.toString(port), "--id", "7")) {
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
        try (CliRun server = CliRun.start(Launcher::run, "friends-server", "--port", "0", "--color", "always", "--conversations", "1");
             java.net.Socket sk = new java.net.Socket("127.0.0.1", server.awaitListeningPort())) {
            sk.getOutputStream().write("{\"msg\": \"q\", \"id\": \"12346\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("sia已经下线");
        }
        try (CliRun server = CliRun.start(Launcher::run, "friends-server", "--port", "0", "--color", "always", "--conversations", "1");
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
        CliRun.Result demo = CliRun.run(Launcher::run, "", "demo", "--port", "0");

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

    @Test
    @DisplayName("--version prints the build's version; a bad --port and --color purple are usage errors (exit 2) on stderr, the colour listing its candidates")
    void versionAndUsageErrors() {
        CliRun.Result version = CliRun.run(Launcher::run, "", "--version");
        assertThat(version.output().trim()).matches("homework-friends \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");

        CliRun.Result port = CliRun.run(Launcher::run, "", "friends-server", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.output()).isEmpty();
        assertThat(port.errors()).startsWith("error: ").contains("70000").hasLineCount(1);

        CliRun.Result purple = CliRun.run(Launcher::run, "", "friends-server", "--color", "purple");
        assertThat(purple.exitCode()).isEqualTo(2);
        assertThat(purple.errors()).contains("purple", "ALWAYS, NEVER, AUTO").hasLineCount(1);
        assertThat(CliRun.run(Launcher::run, "", "friends-server", "--help").output()).contains("ALWAYS, NEVER, AUTO (any case)");
    }

    @Test
    @DisplayName("friends-client with no server: exit 1, one line on stderr that says to start the server")
    void clientWithNoServer() throws Exception {
        try (RefusingPort nobody = RefusingPort.open()) {
            CliRun.Result client = CliRun.run(Launcher::run, "hello\n", "friends-client", "--port", Integer.toString(nobody.port()));

            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.errors()).isEqualTo("error: connection refused (is the server running? start it first)" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("the runnable classes' main needs no arguments: FriendsServer and FriendsClient run the defaults (127.0.0.1:9000, held here: in use, refused)")
    void mainsRunWithNoArguments() throws Exception {
        assertThat(Mains.classesWithMain(Launcher.class)).as("the classes with a main, all run below").containsExactlyInAnyOrder("FriendsClient", "FriendsServer", "Launcher");
        CliRun.Result launcher = CliRun.run(Launcher::run, "");
        assertThat(launcher.exitCode()).isEqualTo(2);
        assertThat(launcher.errors()).isEqualTo("error: Missing required subcommand (see homework-friends --help)" + System.lineSeparator());
        try (CoursePort held = CoursePort.lock()) { // other modules' tests wait for 9000 meanwhile
            try (java.net.ServerSocket port9000 = held.listening()) {
                CliRun.Result server = CliRun.run(FriendsServer::run, "");
                assertThat(server.exitCode()).isEqualTo(1);
                assertThat(server.errors()).startsWith("error: address already in use");
            }
            try (java.net.Socket refusing = held.refusing()) { // bound, not listening: a connect is refused
                CliRun.Result client = CliRun.run(FriendsClient::run, "hello\n");
                assertThat(client.exitCode()).isEqualTo(1);
                assertThat(client.errors()).startsWith("error: connection refused");
            }
        }
    }
}
