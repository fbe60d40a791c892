package socketlessons.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§5 UDP datagrams: boundaries, truncation, size, and the port nobody listens on")
class DatagramTest {

    /** Blocking tasks run on threads of the test's own, never on the common pool. */
    private final ExecutorService tasks = Executors.newCachedThreadPool();

    @AfterEach
    void stopTasks() {
        tasks.shutdownNow();
    }

    private static DatagramSocket loopbackSocket() throws Exception {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /**
     * A port that is ours and where nobody listens to strangers: a datagram socket bound to it
     * and connected to itself accepts datagrams from itself only, so the kernel finds no socket
     * for anyone else's datagram and answers it with ICMP port unreachable, exactly as for a
     * port nobody holds. Unlike "bind port 0, close it, reuse the number", no other program can
     * take the port while the test runs.
     */
    private static DatagramSocket holdPortDeafToOthers() throws Exception {
        DatagramSocket holder = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        holder.connect(holder.getLocalSocketAddress());
        return holder;
    }

    private static InetSocketAddress address(DatagramSocket socket) {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private static String receive(DatagramSocket socket, int bufferSize) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[bufferSize], bufferSize);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private static void send(DatagramSocket from, InetSocketAddress to, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        from.send(new DatagramPacket(bytes, bytes.length, to));
    }

    @Test
    @DisplayName("§5 WinError 10054, Linux form: a connected datagram socket gets PortUnreachableException from the ICMP reply")
    void reproducesPortUnreachableOnConnectedSocket() throws Exception {
        try (DatagramSocket held = holdPortDeafToOthers(); DatagramSocket client = loopbackSocket()) {
            InetSocketAddress nobody = address(held);
            client.connect(nobody);
            client.send(new DatagramPacket(new byte[] {'h', 'i'}, 2));

            assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[1024], 1024)))
                    .isInstanceOf(PortUnreachableException.class);
        }
    }

    @Test
    @DisplayName("§5 an unconnected socket hears nothing of it, and without a timeout would wait forever")
    void reproducesUnconnectedSocketWaitingForAnAnswerThatNeverComes() throws Exception {
        try (DatagramSocket held = holdPortDeafToOthers(); DatagramSocket client = loopbackSocket()) {
            InetSocketAddress nobody = address(held);
            client.setSoTimeout(300); // stands in for "forever"
            send(client, nobody, "hi");

            assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[1024], 1024)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    @DisplayName("§5 fix: the client waits with a timeout and says clearly what happened, then goes on")
    void fixesMissingServerWithTimeoutAndClearMessage() throws Exception {
        try (DatagramSocket held = holdPortDeafToOthers()) {
            InetSocketAddress nobody = address(held);
            try (TypedClient client = new TypedClient(nobody, Duration.ofSeconds(5), false)) {
                client.type("hello?");
                client.awaitScreen("no server at " + UdpChatClient.format(nobody) + ": port unreachable (Windows: WinError 10054)\n>>> ");
                client.type("q");
                client.awaitQuit();
            }
        }
    }

    @Test
    @DisplayName("§5 no 粘包 in UDP: two quick datagrams are two receives, even when both arrived before the first receive")
    void keepsMessageBoundaries() throws Exception {
        try (DatagramSocket server = loopbackSocket(); DatagramSocket client = loopbackSocket()) {
            InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
            send(client, to, "hello");
            send(client, to, "world");
            send(client, to, "");

            assertThat(receive(server, 1024)).isEqualTo("hello");
            assertThat(receive(server, 1024)).isEqualTo("world");
            assertThat(receive(server, 1024)).as("a zero-length datagram is a real message").isEmpty();
        }
    }

    @Test
    @DisplayName("§5 Java never sends a zero-length datagram on a connected socket (Python's sendto(b'') does): the next datagram arrives first")
    void reproducesEmptyDatagramNotSentOnAConnectedSocket() throws Exception {
        try (DatagramSocket server = loopbackSocket(); DatagramSocket client = loopbackSocket()) {
            client.connect(server.getLocalSocketAddress());
            client.send(new DatagramPacket(new byte[0], 0)); // the student pressed Enter on an empty line
            send(client, address(server), "next");

            assertThat(receive(server, 1024)).as("the empty datagram never left").isEqualTo("next");
        }
    }

    @Test
    @DisplayName("§5 fix: an unconnected socket sends a zero-length datagram, and it arrives before the next")
    void fixesEmptyDatagramWithAnUnconnectedSocket() throws Exception {
        try (DatagramSocket server = loopbackSocket(); DatagramSocket client = loopbackSocket()) {
            client.send(new DatagramPacket(new byte[0], 0, address(server)));
            send(client, address(server), "next");

            assertThat(receive(server, 1024)).isEmpty();
            assertThat(receive(server, 1024)).isEqualTo("next");
        }
    }

    @Test
    @DisplayName("§5 a datagram longer than the receive buffer is cut short, and the rest is gone")
    void reproducesTruncationWhenBufferIsTooSmall() throws Exception {
        try (DatagramSocket server = loopbackSocket(); DatagramSocket client = loopbackSocket()) {
            InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
            send(client, to, "0123456789abcdefghij");
            send(client, to, "next");

            assertThat(receive(server, 10)).isEqualTo("0123456789");
            assertThat(receive(server, 10)).as("the next receive gets the next datagram, not the rest").isEqualTo("next");
        }
    }

    @Test
    @DisplayName("§5 fix: a buffer as large as the largest datagram (65,507 bytes) never cuts one")
    void fixesTruncationWithALargeEnoughBuffer() throws Exception {
        try (DatagramSocket server = loopbackSocket(); DatagramSocket client = loopbackSocket()) {
            InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
            send(client, to, "0123456789abcdefghij");

            assertThat(receive(server, UdpChatServer.RECEIVE_BUFFER)).isEqualTo("0123456789abcdefghij");
        }
    }

    @Test
    @DisplayName("§5 the largest datagram over IPv4 (65,507 bytes) goes; one byte more fails with 'Message too long'")
    void showsTheLargestDatagram() throws Exception {
        try (DatagramSocket server = loopbackSocket(); DatagramSocket client = loopbackSocket()) {
            InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
            server.setReceiveBufferSize(256 * 1024);
            client.setSendBufferSize(256 * 1024);

            client.send(new DatagramPacket(new byte[65_507], 65_507, to));
            DatagramPacket got = new DatagramPacket(new byte[65_535], 65_535);
            server.receive(got);
            assertThat(got.getLength()).isEqualTo(65_507);

            assertThatThrownBy(() -> client.send(new DatagramPacket(new byte[65_508], 65_508, to)))
                    .isInstanceOf(java.io.IOException.class)
                    // EMSGSIZE: "Message too long" (Linux, macOS); Windows' WSAEMSGSIZE may be worded
                    // "A message sent on a datagram socket was larger than the internal message buffer ..."
                    .hasMessageMatching("(?s).*(Message too long|larger than the internal message buffer).*");
        }
    }

    @Test
    @DisplayName("§5 one server, many clients: each answer goes back to the address its datagram came from")
    void oneServerAnswersEachSender() throws Exception {
        try (UdpChatServer server = new UdpChatServer("127.0.0.1", 0);
             DatagramSocket a = loopbackSocket(); DatagramSocket b = loopbackSocket()) {
            StringWriter screen = new StringWriter();
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    server.serve(new BufferedReader(new StringReader("to a\nto b\n")), new PrintWriter(screen, true), 2);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, tasks);
            send(a, server.address(), "from a");
            assertThat(receive(a, 1024)).isEqualTo("to a");
            send(b, server.address(), "你好 from b");
            assertThat(receive(b, 1024)).isEqualTo("to b");
            serving.get(10, TimeUnit.SECONDS);

            assertThat(screen.toString()).contains("127.0.0.1:" + a.getLocalPort() + " says: from a",
                    "127.0.0.1:" + b.getLocalPort() + " says: 你好 from b");
        }
    }

    @Test
    @DisplayName("§5 bad input: bytes that are not UTF-8, an empty datagram, a big one: shown, answered, and the server goes on")
    void survivesBadDatagrams() throws Exception {
        try (UdpChatServer server = new UdpChatServer("127.0.0.1", 0); DatagramSocket client = loopbackSocket()) {
            StringWriter screen = new StringWriter();
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    server.serve(new BufferedReader(new StringReader("1\n2\n3\n4\n")), new PrintWriter(screen, true), 4);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, tasks);
            List<String> answers = new ArrayList<>();
            client.send(new DatagramPacket(new byte[] {(byte) 0xff, (byte) 0xfe}, 2, server.address()));
            answers.add(receive(client, 1024));
            client.send(new DatagramPacket(new byte[0], 0, server.address()));
            answers.add(receive(client, 1024));
            client.send(new DatagramPacket(new byte[60_000], 60_000, server.address()));
            answers.add(receive(client, 1024));
            send(client, server.address(), "still fine");
            answers.add(receive(client, 1024));
            serving.get(10, TimeUnit.SECONDS);

            assertThat(answers).containsExactly("1", "2", "3", "4");
            assertThat(screen.toString()).contains("says: \uFFFD\uFFFD", "says: still fine");
        }
    }
}
