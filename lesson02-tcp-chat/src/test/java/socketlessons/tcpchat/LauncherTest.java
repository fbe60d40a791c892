package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson02 launcher: every command it lists runs")
class LauncherTest {

    private static String unix(String text) {
        return text.replace(System.lineSeparator(), "\n");
    }

    @Test
    @DisplayName("--help lists exactly the commands this test runs: server, client, demo")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly("server", "client", "demo");
    }

    @Test
    @DisplayName("§4 server and client in two terminals: they take turns in Chinese, and the end of the client's input quits")
    void serverAndClientChat() throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", "0", "--conversations", "1")) {
            int port = server.awaitListeningPort();
            try (ConsoleRun client = ConsoleRun.start(Launcher::run, "client", "--port", Integer.toString(port))) {
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

    /**
     * A port nobody listens on, held by the test for as long as it runs: a socket bound and not
     * connected keeps the port, and a connect to it is refused (Linux, macOS, Windows). Never
     * "open port 0, close it, reuse the number": another program may take it meanwhile.
     */
    private static Socket holdPortWithoutListening() throws Exception {
        Socket holder = new Socket();
        holder.bind(new InetSocketAddress("127.0.0.1", 0));
        return holder;
    }

    @Test
    @DisplayName("§4 client with no server: exits 1 and says Connection refused, with what to do")
    void clientWithoutServerFailsClearly() throws Exception {
        try (Socket held = holdPortWithoutListening()) {
            ConsoleRun.Result client = ConsoleRun.run(Launcher::run, "", "client", "--port", Integer.toString(held.getLocalPort()));

            assertThat(client.exitCode()).isEqualTo(1);
            // Windows words it "Connection refused: connect"
            assertThat(unix(client.output())).matches("error: java\\.net\\.ConnectException: Connection refused(: connect)? "
                    + "\\(is the server running\\? start it first, or give the client --retry SECONDS\\)\n");
        }
    }

    @Test
    @DisplayName("§4.1 start order: client --retry waits for a server started after it, then chats")
    void clientRetriesUntilTheServerStarts() throws Exception {
        try (Socket held = holdPortWithoutListening();
             ConsoleRun client = ConsoleRun.start(Launcher::run, "client", "--port", Integer.toString(held.getLocalPort()), "--retry", "20")) {
            int port = held.getLocalPort();
            client.awaitOutput("no server on 127.0.0.1:" + port + " yet (connection refused");
            held.close(); // the test hands its own port to the server it starts now
            try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", Integer.toString(port), "--conversations", "1")) {
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
    @DisplayName("§4.3 demo: B's connect returns, B waits until A quits, then B is answered; narrated in order; exits 0")
    void demoShowsTheSecondClientWaiting() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0");

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
}
