package socketlessons.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat client against a server the test plays by hand (a datagram socket), so that the
 * test decides when, and whether, each answer comes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§5 the UDP chat client: numbered messages, late answers, a keyboard read all the while")
class UdpChatClientTest {

    /**
     * Long enough that the answer to the second message, sent the moment it arrives, comes well
     * within it even on a loaded machine; the first message's time is let run out on purpose.
     */
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    /** The server's side: what arrived, and from whom. */
    private record Received(String text, SocketAddress from) {
    }

    private static DatagramSocket server() throws Exception {
        DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
        return server;
    }

    private static InetSocketAddress address(DatagramSocket socket) {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private static Received receive(DatagramSocket server) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        server.receive(packet);
        return new Received(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8), packet.getSocketAddress());
    }

    private static void answer(DatagramSocket server, SocketAddress to, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        server.send(new DatagramPacket(bytes, bytes.length, to));
    }

    @Test
    @DisplayName("§5 the course's bare text: the answer to a message that timed out comes late, and is taken for the answer to the next line")
    void reproducesLateAnswerTakenForTheNextOnTheCourseWire() throws Exception {
        try (DatagramSocket server = server(); TypedClient client = new TypedClient(address(server), TIMEOUT, true)) {
            client.type("first");
            Received first = receive(server);
            client.awaitScreen("no answer to #1 within 1.5 s");
            client.type("second");
            assertThat(receive(server).text()).isEqualTo("second");
            answer(server, first.from(), "the answer to first"); // late
            answer(server, first.from(), "the answer to second");
            client.awaitScreen("late answer: the answer to second\n");
            client.type("q");
            client.awaitQuit();

            assertThat(first.text()).isEqualTo("first");
            assertThat(client.screen()).as("the answer to first shows as the answer to second").isEqualTo(">>> "
                    + "no answer to #1 within 1.5 s: the message or the answer was lost, or the server is busy\n>>> "
                    + "the answer to first\n>>> "
                    + "late answer: the answer to second\n>>> ");
        }
    }

    @Test
    @DisplayName("§5 fix: numbered messages (as stop-and-wait numbers them): a late answer is shown as late, for the message it answers")
    void fixesLateAnswerShownAsLateWithNumbers() throws Exception {
        try (DatagramSocket server = server(); TypedClient client = new TypedClient(address(server), TIMEOUT, false)) {
            client.type("first");
            Received first = receive(server);
            client.awaitScreen("no answer to #1 within 1.5 s");
            client.type("second");
            assertThat(receive(server).text()).isEqualTo("2|second");
            answer(server, first.from(), "1|the answer to first"); // late
            answer(server, first.from(), "2|the answer to second");
            client.awaitScreen("the answer to second\n");
            client.type("q");
            client.awaitQuit();

            assertThat(first.text()).isEqualTo("1|first");
            assertThat(client.screen()).isEqualTo(">>> "
                    + "no answer to #1 within 1.5 s: the message or the answer was lost, or the server is busy\n>>> "
                    + "late answer to #1 \"first\": the answer to first\n"
                    + "the answer to second\n>>> ");
        }
    }

    @Test
    @DisplayName("§5 fix: on the course's wire the client does not connect, so an empty line goes as an empty datagram (as Python's sendto(b'')), answered at once")
    void fixesEmptyLineWithAnUnconnectedSocketOnTheCourseWire() throws Exception {
        try (DatagramSocket server = server(); TypedClient client = new TypedClient(address(server), Duration.ZERO, true)) {
            client.type("");
            Received empty = receive(server);
            answer(server, empty.from(), "got nothing");
            client.awaitScreen("got nothing\n");

            assertThat(empty.text()).isEmpty();
            client.type("q");
            client.awaitQuit();
        }
    }

    @Test
    @DisplayName("§5 on our numbered wire an empty line is a message too: number and nothing (1|), answered at once")
    void sendsAnEmptyLineAsANumberedEmptyMessage() throws Exception {
        try (DatagramSocket server = server(); TypedClient client = new TypedClient(address(server), Duration.ZERO, false)) {
            client.type("");
            Received empty = receive(server);
            answer(server, empty.from(), "1|got nothing");
            client.awaitScreen("got nothing\n");

            assertThat(empty.text()).isEqualTo("1|");
            client.type("q");
            client.awaitQuit();
            assertThat(client.screen()).isEqualTo(">>> got nothing\n>>> ");
        }
    }

    @Test
    @DisplayName("§5 lines typed while the client waits are sent at once, and q quits at once, however long the timeout")
    void sendsLinesTypedWhileWaitingAndQuitsAtOnce() throws Exception {
        try (DatagramSocket server = server(); TypedClient client = new TypedClient(address(server), Duration.ofHours(1), false)) {
            client.type("first");
            assertThat(receive(server).text()).isEqualTo("1|first");
            client.type("typed while waiting");
            assertThat(receive(server).text()).as("not swallowed, not held back").isEqualTo("2|typed while waiting");
            client.type("Q");

            client.awaitQuit(); // within seconds, while both answers are still awaited for an hour
            assertThat(client.screen()).isEqualTo(">>> ");
        }
    }

    @Test
    @DisplayName("§5 the timeout is told in the unit it is given in: seconds (--timeout 30 says 30 s)")
    void tellsTheTimeoutInSeconds() {
        assertThat(UdpChatClient.seconds(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(UdpChatClient.seconds(Duration.ofMillis(200))).isEqualTo("0.2 s");
    }
}
