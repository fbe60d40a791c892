package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.Notes;
import socketlessons.basics.testkit.RefusingPort;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson02 launcher: every command it lists runs")
class LauncherTest {

    private static String unix(String text) {
        return text.replace(System.lineSeparator(), "\n");
    }

    @Test
    @DisplayName("--help lists exactly the commands the tests run: check, client, demo, server")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactly("check", "client", "demo", "server");
    }

    @Test
    @DisplayName("§4 server and client in two terminals: they take turns in Chinese, and the end of the client's input quits")
    void serverAndClientChat() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0", "--conversations", "1")) {
            int port = server.awaitListeningPort();
            try (CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(port))) {
                client.type("你好");
                server.awaitOutput("你好");
                server.type("你好！");
                client.awaitOutput("你好！");
                client.endInput();
                assertThat(client.awaitExit()).isZero();
                assertThat(unix(client.output())).isEqualTo(">>> 你好！\n>>> \nconversation ended: our input ended\n");
            }
            assertThat(server.awaitExit()).isZero();
            assertThat(unix(server.output())).matches("listening on 127\\.0\\.0\\.1:\\d+\n\\*{20}\nconnected: 127\\.0\\.0\\.1:\\d+\n"
                    + "你好\n>>> conversation with 127\\.0\\.0\\.1:\\d+ ended: the other side said q\n");
        }
    }

    @Test
    @DisplayName("§4 client with no server: exits 1, one line on stderr says connection refused and what to do")
    void clientWithoutServerFailsClearly() throws Exception {
        try (RefusingPort nobodyListens = RefusingPort.open()) {
            CliRun.Result client = CliRun.run(Launcher::run, "", "client", "--port", Integer.toString(nobodyListens.port()));

            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.output()).isEmpty();
            assertThat(unix(client.errors())).isEqualTo("error: connection refused"
                    + " (is the server running? start it first, or give the client --retry SECONDS)\n");
        }
    }

    @Test
    @DisplayName("§4 client whose server goes away: exits 1, and stderr says how the conversation ended")
    void clientWhoseServerGoesAwayExitsOne() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(server.getLocalPort()))) {
            server.accept().close(); // the server takes the connection and goes away
            client.type("anyone?");

            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(unix(client.errors())).matches("conversation ended: the (other side closed the connection|connection was reset)\n");
        }
    }

    @Test
    @DisplayName("§4.1 start order: client --retry waits for a server started after it, then chats")
    void clientRetriesUntilTheServerStarts() throws Exception {
        try (RefusingPort held = RefusingPort.open();
             CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(held.port()), "--retry", "20")) {
            int port = held.port();
            client.awaitOutput("no server on 127.0.0.1:" + port + " yet (connection refused); retrying in ");
            held.close(); // the test hands its own port to the server it starts now
            try (CliRun server = CliRun.start(Launcher::run, "server", "--port", Integer.toString(port), "--conversations", "1")) {
                server.awaitListeningPort();
                client.awaitOutput(">>> ");
                client.type("finally");
                server.awaitOutput("finally");
                server.type("q");
                assertThat(client.awaitExit()).isZero();
                assertThat(unix(client.output())).endsWith("\n>>> \nconversation ended: the other side said q\n");
                assertThat(server.awaitExit()).isZero();
            }
        }
    }

    @Test
    @DisplayName("§4 server and demo on a port in use: exit 1, one line on stderr says address already in use and what to do")
    void serverOnBusyPortFailsClearly() throws Exception {
        try (ChatFixture other = new ChatFixture("", 1)) {
            for (String command : new String[] {"server", "demo"}) {
                CliRun.Result run = CliRun.run(Launcher::run, "", command, "--port", Integer.toString(other.port()));

                assertThat(run.exitCode()).as(command).isEqualTo(1);
                assertThat(run.output()).as(command).isEmpty();
                assertThat(unix(run.errors())).as(command).isEqualTo("error: address already in use"
                        + " (another program holds this port: stop it, or choose another with --port, 0 for any free one)\n");
            }
        }
    }

    @Test
    @DisplayName("bad usage: --port 70000, --timeout -1, --retry -1 exit 2 with one line on stderr, before any socket")
    void badOptionsAreUsageErrors() {
        CliRun.Result port = CliRun.run(Launcher::run, "", "server", "--port", "70000");
        CliRun.Result timeout = CliRun.run(Launcher::run, "", "server", "--port", "0", "--timeout", "-1");
        CliRun.Result retry = CliRun.run(Launcher::run, "", "client", "--retry", "-1");

        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(unix(port.errors())).isEqualTo("error: Invalid value for option '--port': '70000' is not a port:"
                + " a port is 0 to 65535 (0 picks a free one) (see lesson02-tcp-chat server --help)\n");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(unix(timeout.errors())).isEqualTo("error: Invalid value for option '--timeout': '-1' is not a whole number of 0 or more (see lesson02-tcp-chat server --help)\n");
        assertThat(timeout.output()).as("no server started").isEmpty();
        assertThat(retry.exitCode()).isEqualTo(2);
        assertThat(unix(retry.errors())).isEqualTo("error: Invalid value for option '--retry': '-1' is not a whole number of 0 or more (see lesson02-tcp-chat client --help)\n");
    }

    @Test
    @DisplayName("--version: the version Maven built")
    void versionIsTheBuildsVersion() {
        CliRun.Result version = CliRun.run(Launcher::run, "", "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.output().strip()).matches("lesson02-tcp-chat \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    @DisplayName("§4.3 demo: B's connect returns, B waits until A quits, then B is answered; narrated in order; exits 0")
    void demoShowsTheSecondClientWaiting() {
        CliRun.Result demo = CliRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().map(line -> line.replaceAll(":\\d+", ":PORT")).toList()).containsExactly(
                "[server] listening on 127.0.0.1:PORT",
                "[A] connects and says: hi, I am A",
                "[server] accept() took A; shows: hi, I am A; now waits for its own keyboard",
                "[B] connect() returned at once: the kernel finished the handshake and queued B in the backlog",
                "[B] says: anyone there?  (the bytes wait in the server's kernel; nobody reads them)",
                "[server] has accepted 1 connection (A's); its one thread is busy with A",
                "[B] listens for 500 ms: no answer",
                "[server] you type: hello A",
                "[A] hears: hello A",
                "[A] says q and leaves",
                "[server] A's conversation is over; accept() takes B from the backlog and shows: anyone there?",
                "[server] you type: hello B, sorry for the wait",
                "[B] hears: hello B, sorry for the wait",
                "[B] says q and leaves",
                "one client at a time: lesson05 (a selector) and lesson07 (a thread per client) serve both at once");
    }

    @Test
    @DisplayName("check --list: the exercise's stages, the first one first")
    void checkListsTheStages() {
        CliRun.Result list = CliRun.run(Launcher::run, "", "check", "--list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.output().lines()).first().isEqualTo("server stages (check server -- COMMAND):");
        assertThat(list.output()).contains("  1. a message and its answer");
    }

    @Test
    @DisplayName("check --list prints what the notes and exercises/README.md show, server and client stages")
    void checkListIsWhatTheNotesShow() throws Exception {
        Notes.assertShows("java -jar lesson02-tcp-chat/target/lesson02-tcp-chat.jar check --list", CliRun.run(Launcher::run, "", "check", "--list").output(),
                "exercises/README.md", "README.md");
    }
}
