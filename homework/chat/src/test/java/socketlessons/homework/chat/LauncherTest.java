package socketlessons.homework.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CoursePort;
import socketlessons.basics.testkit.Mains;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.Background;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.RefusingPort;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

@Timeout(value = 120, unit = TimeUnit.SECONDS) // a main on 9000 may wait for another module's test to let go of CoursePort
@DisplayName("homework-chat launcher: every command it lists runs; errors on stderr, exit 0/1/2")
class LauncherTest {

    private static final String NL = System.lineSeparator();

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactly(
                "chat-client", "chat-load", "chat-server", "check");
    }

    @Test
    @DisplayName("§10.2 chat-server and chat-client: register, a message to an offline friend is stored, and shown at its login")
    void chatServerAndClient(@TempDir Path dir) throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "chat-server", "--port", "0", "--data", dir.toString(), "--iterations", "" + ChatServiceTest.ITERATIONS)) {
            String port = Integer.toString(server.awaitListeningPort());
            assertThat(server.output()).as("what it does before it listens").startsWith("opening " + dir + " (users.txt, messages.log)..." + NL);
            CliRun.Result bob = CliRun.run(Launcher::run, "bob-password\n", "chat-client", "--port", port, "--user", "bob", "--register");
            assertThat(bob.output()).contains("registered bob", "welcome bob (0 messages waited for you)");

            try (CliRun alice = CliRun.start(Launcher::run, "chat-client", "--port", port, "--user", "Alice", "--register")) {
                alice.type("alice-password");
                alice.awaitOutput("welcome alice"); // --user is lower-cased
                alice.type("@bob 你好 bob");
                alice.awaitOutput("(stored)");
                alice.type("/who");
                alice.awaitOutput("online: alice");
                alice.type("q");
                assertThat(alice.awaitExit()).isZero();
            }
            try (CliRun bobAgain = CliRun.start(Launcher::run, "chat-client", "--port", port, "--user", "bob", "--color", "never")) {
                bobAgain.type("bob-password");
                bobAgain.awaitOutput("welcome bob (1 messages waited for you)");
                bobAgain.awaitOutput("alice: 你好 bob");
                bobAgain.type("/quit");
                assertThat(bobAgain.awaitExit()).isZero();
                assertThat(bobAgain.errors()).isEmpty();
            }
            // a tenth of a second: the command and its report line, not a measurement (the README has those)
            CliRun.Result load = CliRun.run(Launcher::run, "", "chat-load", "--port", port, "--users", "5", "--seconds", "0.1");
            assertThat(load.exitCode()).as(load.output() + load.errors()).isZero();
            assertThat(load.output()).as("some messages went through: lost 0 of none would prove nothing")
                    .containsPattern("users 5: [\\d,]+ messages/s \\([1-9][\\d,]* sent, [1-9][\\d,]* received\\), delivery latency p50 [\\d,]+ µs, p99 [\\d,]+ µs, lost 0, duplicated 0");

            CliRun.Result wrong = CliRun.run(Launcher::run, "not-the-password\n", "chat-client", "--port", port, "--user", "bob");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.errors()).isEqualTo("error: wrong user name or password" + NL);
        }
    }

    @Test
    @DisplayName("chat-client at a terminal: asks \"password for bob: \" and does not show what is typed")
    void asksForThePasswordWithoutEcho(@TempDir Path dir) throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "chat-server", "--port", "0", "--data", dir.toString(), "--iterations", "" + ChatServiceTest.ITERATIONS)) {
            String port = Integer.toString(server.awaitListeningPort());

            CliRun.Result bob = CliRun.runAtTerminal(Launcher::run, "secret-pw", "q\n", "chat-client", "--port", port, "--user", "bob", "--register");

            assertThat(bob.exitCode()).as(bob.errors()).isZero();
            assertThat(bob.output()).startsWith("password for bob: ").contains("welcome bob").doesNotContain("secret-pw");
        }
    }

    @Test
    @DisplayName("chat-client with no server: says so before asking for a password; exit 1, one line on stderr")
    void checksTheServerBeforeAskingForThePassword() throws Exception {
        try (RefusingPort nobody = RefusingPort.open()) {
            CliRun.Result client = CliRun.runAtTerminal(Launcher::run, "pw", "", "chat-client", "--port", Integer.toString(nobody.port()), "--user", "bob");

            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.output()).doesNotContain("password");
            assertThat(client.errors()).isEqualTo("error: connection refused (is the server running? start it first)" + NL);
        }
    }

    private static ThreadingTcpServer server(ChatService service) throws IOException {
        ThreadingTcpServer server = new ThreadingTcpServer(new InetSocketAddress("127.0.0.1", 0), () -> new ChatHandler(service),
                new TcpServer.Options(), line -> { });
        Background.call(() -> {
            server.serveForever();
            return null;
        });
        return server;
    }

    @Test
    @DisplayName("chat-client notices at once that the server went away: one line on stderr, exit 1, no Broken pipe")
    void noticesTheServerGoingAway(@TempDir Path dir) throws Exception {
        try (ChatService service = ChatService.open(dir, ChatServiceTest.ITERATIONS, line -> { }, false)) {
            ThreadingTcpServer server = server(service);
            try (CliRun bob = CliRun.start(Launcher::run, "chat-client", "--port", Integer.toString(server.address().getPort()),
                    "--user", "bob", "--register")) {
                bob.type("bob-password");
                bob.awaitOutput("welcome bob");

                server.close(); // the server stops; bob types nothing

                assertThat(bob.awaitExit()).isEqualTo(1);
                assertThat(bob.errors()).isEqualTo("error: the server closed the connection (it stopped, or cut this client off)" + NL);
            }
        }
    }

    @Test
    @DisplayName("chat-client notices at once that another login took over: says so in one line, exit 1")
    void noticesAnotherLoginTakingOver(@TempDir Path dir) throws Exception {
        try (ChatService service = ChatService.open(dir, ChatServiceTest.ITERATIONS, line -> { }, false); ThreadingTcpServer server = server(service)) {
            String port = Integer.toString(server.address().getPort());
            try (CliRun first = CliRun.start(Launcher::run, "chat-client", "--port", port, "--user", "bob", "--register")) {
                first.type("bob-password");
                first.awaitOutput("welcome bob");

                try (Peer second = new Peer(server.address())) {
                    assertThat(second.login("bob").path("message").asText()).startsWith("welcome bob");
                    assertThat(first.awaitExit()).isEqualTo(1);
                }
                assertThat(first.errors()).isEqualTo("error: logged in on another connection: this one is closed" + NL);
            }
        }
    }

    @Test
    @DisplayName("--version, a bad --port, --color purple and a --user with a space: usage errors (exit 2), one line on stderr, with what to do")
    void usageErrors() {
        assertThat(CliRun.run(Launcher::run, "", "--version").output().trim()).matches("homework-chat \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");

        CliRun.Result port = CliRun.run(Launcher::run, "", "chat-server", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.errors()).startsWith("error: ").contains("70000").hasLineCount(1);

        CliRun.Result purple = CliRun.run(Launcher::run, "", "chat-client", "--color", "purple");
        assertThat(purple.exitCode()).isEqualTo(2);
        assertThat(purple.errors()).contains("purple", "ALWAYS, NEVER, AUTO").hasLineCount(1);

        CliRun.Result spaced = CliRun.run(Launcher::run, "", "chat-client", "--user", "John Smith");
        assertThat(spaced.exitCode()).isEqualTo(2);
        assertThat(spaced.errors()).contains("\"John Smith\" cannot be a user name", "no spaces", "--user NAME").hasLineCount(1);
    }

    @Test
    @DisplayName("the runnable classes' main needs no arguments: ChatService (chat-server), ChatClient, ChatLoad run the defaults (127.0.0.1:9000, held here: in use, refused)")
    void mainsRunWithNoArguments() throws Exception {
        assertThat(Mains.classesWithMain(Launcher.class)).as("the classes with a main, all run below").containsExactlyInAnyOrder("ChatClient", "ChatLoad", "ChatService", "Launcher");
        CliRun.Result launcher = CliRun.run(Launcher::run, "");
        assertThat(launcher.exitCode()).isEqualTo(2);
        assertThat(launcher.errors()).isEqualTo("error: Missing required subcommand (see homework-chat --help)" + System.lineSeparator());
        try (CoursePort held = CoursePort.lock()) { // other modules' tests wait for 9000 meanwhile
            try (ServerSocket port9000 = held.listening()) {
                boolean dataBefore = Files.exists(Path.of("chat-data"));
                CliRun.Result server = CliRun.run(ChatService::run, "");
                assertThat(server.exitCode()).isEqualTo(1);
                assertThat(server.errors()).startsWith("error: address already in use");
                assertThat(Files.exists(Path.of("chat-data"))).as("nothing opened when the port is busy").isEqualTo(dataBefore);
            }
            try (java.net.Socket refusing = held.refusing()) { // bound, not listening: a connect is refused
                for (CliRun.Program client : new CliRun.Program[] {ChatClient::run, ChatLoad::run}) {
                    CliRun.Result refused = CliRun.run(client, "pw\n");
                    assertThat(refused.exitCode()).isEqualTo(1);
                    assertThat(refused.errors()).startsWith("error: connection refused");
                }
            }
        }
    }
}
