package socketlessons.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.Mains;

/**
 * Every class the notes call runnable has a {@code main} (an IDE's Run button), and each runs.
 * Every such {@code main} is one line, {@code Launcher.main(Cli.prepend(COMMAND, args))}, and
 * ends with {@code System.exit}: UdpChatServer's runs in a JVM of its own, as
 * {@code java -cp ... UdpChatServer --port 0} with its standard input ended, which proves the
 * path from {@code main} to the exit code; the others run what their {@code main} hands to, the
 * launcher's command, in this JVM with their standard input ended, and are asserted the same
 * (a JVM start each costs more than the run). {@code StopAndWaitSender} and
 * {@code StopAndWaitReceiver} are the lesson's library: the tests drive them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson03: every runnable class's main runs")
class RunnableMainsTest {

    /** The classes with a main, as the notes list them (besides the Launcher). */
    private static final Set<String> RUNNABLE = Set.of("UdpChatServer", "UdpChatClient", "LossyRelay", "UdpDemo");

    @Test
    @DisplayName("the classes with a main are exactly the notes' runnable ones, plus the Launcher")
    void runnableClassesAreExactlyTheListedOnes() throws Exception {
        Set<String> withMain = Mains.classesWithMain(UdpChatServer.class);
        Set<String> expected = new TreeSet<>(RUNNABLE);
        expected.add("Launcher");
        assertThat(withMain).isEqualTo(expected);
    }

    private static DatagramSocket loopback() throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void send(DatagramSocket from, int port, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        from.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** What {@code main(args)} of the class that hands to {@code command} runs, with its standard input ended. */
    private static CliRun.Result mainsCommand(String command, String... args) {
        return CliRun.run(Launcher::run, "", Cli.prepend(command, args));
    }

    @Test
    @DisplayName("UdpDemo's main, as it hands to demo (in this JVM): the §5 demo, exit 0")
    void demoMainRuns() {
        CliRun.Result demo = mainsCommand("demo", "--port", "0"); // UdpDemo.main(--port 0)

        assertThat(demo.exitCode()).as(demo.output() + demo.errors()).isZero();
        assertThat(demo.output()).contains("one socket served three clients");
    }

    @Test
    @DisplayName("UdpChatServer's main, in a JVM of its own: shows a datagram and its sender; its input ended, it stops, exit 0")
    void serverMainRuns() throws Exception {
        try (Mains.Child server = new Mains.Child(UdpChatServer.class, "--port", "0"); DatagramSocket client = loopback()) {
            int port = Integer.parseInt(server.awaitMatch("listening on 127\\.0\\.0\\.1:(\\d+)"));
            send(client, port, "1|hi");
            assertThat(server.awaitExit()).as(server.output()).isZero();
            assertThat(server.output()).contains("127.0.0.1:" + client.getLocalPort() + " says: hi");
        }
    }

    @Test
    @DisplayName("UdpChatClient's main, as it hands to client (in this JVM): its input ended, it quits, exit 0")
    void clientMainRuns() throws Exception {
        try (DatagramSocket server = loopback()) {
            CliRun.Result client = mainsCommand("client", "--port", Integer.toString(server.getLocalPort())); // UdpChatClient.main

            assertThat(client.exitCode()).as(client.output() + client.errors()).isZero();
            assertThat(client.output() + client.errors()).isEqualTo(">>> ");
        }
    }

    @Test
    @DisplayName("LossyRelay's main, as it hands to relay (in this JVM): binds and says where it relays; its input ended, it stops, exit 0 (LauncherTest.relayForwardsAndDrops relays)")
    void relayMainRuns() throws Exception {
        try (DatagramSocket server = loopback()) {
            CliRun.Result relay = mainsCommand("relay", "--port", "0", "--to", "127.0.0.1:" + server.getLocalPort()); // LossyRelay.main

            assertThat(relay.exitCode()).as(relay.output() + relay.errors()).isZero();
            assertThat(relay.output() + relay.errors()).matches("listening on 127\\.0\\.0\\.1:\\d+, relaying to 127\\.0\\.0\\.1:" + server.getLocalPort()
                    + ": dropping 30%, swapping 10% \\(seed 1\\)\\R");
        }
    }
}
