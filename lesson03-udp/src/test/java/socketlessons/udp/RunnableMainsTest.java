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
import socketlessons.basics.testkit.Mains;

/**
 * Every class the notes call runnable has a {@code main} (an IDE's Run button), and each runs:
 * here in a JVM of its own, as {@code java -cp ... Class --port 0} with its standard input
 * ended, since a {@code main} ends with {@code System.exit}. {@code StopAndWaitSender} and
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

    @Test
    @DisplayName("UdpDemo's main: the §5 demo, exit 0")
    void demoMainRuns() throws Exception {
        try (Mains.Child demo = new Mains.Child(UdpDemo.class, "--port", "0")) {
            assertThat(demo.awaitExit()).as(demo.output()).isZero();
            assertThat(demo.output()).contains("one socket served three clients");
        }
    }

    @Test
    @DisplayName("UdpChatServer's main: shows a datagram and its sender; its input ended, it stops, exit 0")
    void serverMainRuns() throws Exception {
        try (Mains.Child server = new Mains.Child(UdpChatServer.class, "--port", "0"); DatagramSocket client = loopback()) {
            int port = Integer.parseInt(server.awaitMatch("listening on 127\\.0\\.0\\.1:(\\d+)"));
            send(client, port, "1|hi");
            assertThat(server.awaitExit()).as(server.output()).isZero();
            assertThat(server.output()).contains("127.0.0.1:" + client.getLocalPort() + " says: hi");
        }
    }

    @Test
    @DisplayName("UdpChatClient's main: its input ended, it quits, exit 0")
    void clientMainRuns() throws Exception {
        try (DatagramSocket server = loopback();
             Mains.Child client = new Mains.Child(UdpChatClient.class, "--port", Integer.toString(server.getLocalPort()))) {
            assertThat(client.awaitExit()).as(client.output()).isZero();
            assertThat(client.output()).isEqualTo(">>> ");
        }
    }

    @Test
    @DisplayName("LossyRelay's main: binds and says where it relays; its input ended, it stops, exit 0 (LauncherTest.relayForwardsAndDrops relays)")
    void relayMainRuns() throws Exception {
        try (DatagramSocket server = loopback();
             Mains.Child relay = new Mains.Child(LossyRelay.class, "--port", "0", "--to", "127.0.0.1:" + server.getLocalPort())) {
            assertThat(relay.awaitExit()).as(relay.output()).isZero();
            assertThat(relay.output()).matches("listening on 127\\.0\\.0\\.1:\\d+, relaying to 127\\.0\\.0\\.1:" + server.getLocalPort()
                    + ": dropping 30%, swapping 10% \\(seed 1\\)\\R");
        }
    }
}
