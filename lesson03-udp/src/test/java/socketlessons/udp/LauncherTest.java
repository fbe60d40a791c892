package socketlessons.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.Notes;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson03 launcher: every command it lists runs")
class LauncherTest {

    private static String unix(String text) {
        return text.replace(System.lineSeparator(), "\n");
    }

    @Test
    @DisplayName("--help lists exactly the commands the tests run: check, client, demo, relay, server")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactly("check", "client", "demo", "relay", "server");
    }

    @Test
    @DisplayName("§5.1 server and client: the server shows the sender's address and answers it; q quits the client, exit 0")
    void serverAndClient() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();
            try (CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(port))) {
                client.type("你好");
                server.awaitOutput("says: 你好");
                server.type("hi");
                client.awaitOutput("hi");
                client.type("q");
                assertThat(client.awaitExit()).isZero();
                assertThat(unix(client.output())).isEqualTo(">>> hi\n>>> ");
                assertThat(client.errors()).isEmpty();
            }
            assertThat(unix(server.output())).matches("listening on 127\\.0\\.0\\.1:\\d+\n127\\.0\\.0\\.1:\\d+ says: 你好\n>>> ");
        }
    }

    @Test
    @DisplayName("§5 relay: a client talks to the server through it; --drop 1 drops every datagram and says so; q stops it, exit 0")
    void relayForwardsAndDrops() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            String to = "127.0.0.1:" + server.awaitListeningPort();
            try (CliRun relay = CliRun.start(Launcher::run, "relay", "--port", "0", "--to", to, "--drop", "0", "--swap", "0")) {
                int relayPort = relay.awaitListeningPort();
                try (CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(relayPort))) {
                    client.type("through the relay");
                    server.awaitOutput("says: through the relay");
                    server.type("back through it");
                    client.awaitOutput("back through it");
                    client.type("q");
                    assertThat(client.awaitExit()).isZero();
                }
                relay.type("q");
                assertThat(relay.awaitExit()).isZero();
                assertThat(unix(relay.output())).isEqualTo("listening on 127.0.0.1:" + relayPort + ", relaying to " + to
                        + ": dropping 0%, swapping 0% (seed 1)\n");
            }
            try (CliRun relay = CliRun.start(Launcher::run, "relay", "--port", "0", "--to", to, "--drop", "1", "--swap", "0");
                 DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int relayPort = relay.awaitListeningPort();
                client.send(new DatagramPacket("1|lost".getBytes(StandardCharsets.UTF_8), 6, InetAddress.getLoopbackAddress(), relayPort));
                relay.awaitOutput("dropped to the server: \"1|lost\"\n");
                relay.endInput();
                assertThat(relay.awaitExit()).isZero();
            }
        }
    }

    @Test
    @DisplayName("§5 demo: three clients, one socket, narrated; exits 0")
    void demoServesThreeClients() {
        CliRun.Result demo = CliRun.run(Launcher::run, "", "demo", "--port", "0");

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

    @Test
    @DisplayName("§5 server, relay and demo on a port in use: exit 1, one line on stderr says address already in use and what to do")
    void serverAndDemoOnBusyPortFailClearly() throws Exception {
        try (DatagramSocket other = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(other.getLocalPort());
            for (String command : new String[] {"server", "relay", "demo"}) {
                CliRun.Result run = CliRun.run(Launcher::run, "", command, "--port", port);

                assertThat(run.exitCode()).as(command).isEqualTo(1);
                assertThat(run.output()).as(command).isEmpty();
                assertThat(unix(run.errors())).as(command).isEqualTo("error: address already in use"
                        + " (another program holds this port: stop it, or choose another with --port, 0 for any free one)\n");
            }
        }
    }

    @Test
    @DisplayName("bad usage: --port 70000, client --timeout -1, relay --drop 2 and --to nowhere exit 2 with one line on stderr")
    void badOptionsAreUsageErrors() {
        CliRun.Result port = CliRun.run(Launcher::run, "", "client", "--port", "70000");
        CliRun.Result timeout = CliRun.run(Launcher::run, "", "client", "--timeout", "-1");
        CliRun.Result drop = CliRun.run(Launcher::run, "", "relay", "--port", "0", "--drop", "2");
        CliRun.Result to = CliRun.run(Launcher::run, "", "relay", "--port", "0", "--to", "nowhere");

        assertThat(drop.exitCode()).isEqualTo(2);
        assertThat(unix(drop.errors())).isEqualTo("error: --drop and --swap are shares from 0 to 1, together at most 1 (see lesson03-udp relay --help)\n");
        assertThat(drop.output()).isEmpty();
        assertThat(to.exitCode()).isEqualTo(2);
        assertThat(unix(to.errors())).startsWith("error: Invalid value for option '--to': ").contains("'nowhere' is not HOST:PORT");

        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(unix(port.errors())).isEqualTo("error: Invalid value for option '--port': '70000' is not a port:"
                + " a port is 0 to 65535 (0 picks a free one) (see lesson03-udp client --help)\n");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(unix(timeout.errors())).isEqualTo("error: Invalid value for option '--timeout': '-1' is not a whole number of 0 or more (see lesson03-udp client --help)\n");
        assertThat(timeout.output()).isEmpty();
    }

    @Test
    @DisplayName("--version: the version Maven built")
    void versionIsTheBuildsVersion() {
        CliRun.Result version = CliRun.run(Launcher::run, "", "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.output().strip()).matches("lesson03-udp \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    @DisplayName("check --list: the exercise's stages, the first one first")
    void checkListsTheStages() {
        CliRun.Result list = CliRun.run(Launcher::run, "", "check", "--list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.output().lines()).first().isEqualTo("server stages (check server -- COMMAND):");
        assertThat(list.output()).contains("  1. ");
    }

    @Test
    @DisplayName("check --list prints what the notes and exercises/README.md show, server and client stages")
    void checkListIsWhatTheNotesShow() throws Exception {
        Notes.assertShows("java -jar lesson03-udp/target/lesson03-udp.jar check --list", CliRun.run(Launcher::run, "", "check", "--list").output(),
                "exercises/README.md", "README.md");
    }
}
