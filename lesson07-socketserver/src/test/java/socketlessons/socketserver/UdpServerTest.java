package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static socketlessons.socketserver.Fixture.ANY_PORT;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.OS;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 UdpServer: a datagram is a request; the handler gets (data, socket)")
class UdpServerTest {

    private final Fixture fixture = new Fixture();
    private final List<String> log = fixture.log;

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    private static void send(DatagramSocket from, UdpServer to, byte[] data) throws Exception {
        from.send(new DatagramPacket(data, data.length, to.address()));
    }

    private static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket answer = new DatagramPacket(new byte[1024], 1024);
        socket.receive(answer);
        return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("§9 UdpServer answers each datagram to its sender; one socket serves two clients")
    void answersEachDatagramToItsSender() throws Exception {
        UdpServer server = fixture.serving(new UdpServer(ANY_PORT, UpperUdpHandler::new, log::add));
        try (DatagramSocket one = new DatagramSocket(); DatagramSocket two = new DatagramSocket()) {
            one.setSoTimeout(5_000);
            two.setSoTimeout(5_000);

            send(one, server, "hello udp".getBytes(StandardCharsets.UTF_8));
            send(two, server, "你好 straße".getBytes(StandardCharsets.UTF_8));

            assertThat(receive(one)).isEqualTo("HELLO UDP");
            assertThat(receive(two)).isEqualTo("你好 STRASSE");
        }
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§9 a UDP handler that throws: logged with the sender's address, no answer; the next datagram is answered")
    void handlerErrorIsLoggedWithSenderAndServerGoesOn() throws Exception {
        UdpServer server = fixture.serving(new UdpServer(ANY_PORT, UpperUdpHandler::new, log::add));
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(5_000);

            send(client, server, new byte[] {(byte) 0xFF});
            send(client, server, "after".getBytes(StandardCharsets.UTF_8));

            assertThat(receive(client)).as("the first answer is to the second datagram").isEqualTo("AFTER");
            assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + client.getLocalPort()
                    + ": java.net.ProtocolException: the datagram is not UTF-8 text (java.nio.charset.MalformedInputException: Input length = 1)");
        }
    }

    @Test
    @DisplayName("§9 a datagram over max_packet_size (8,192 bytes; Python cuts it, and a cut inside a character gets no answer) is logged and not handled; 8,192 bytes are answered")
    void refusesDatagramLongerThanMaxPacketSize() throws Exception {
        UdpServer server = fixture.serving(new UdpServer(ANY_PORT, UpperUdpHandler::new, log::add));
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(5_000);
            byte[] tooLong = ("xyz" + "你".repeat(UdpServer.MAX_PACKET_SIZE / 3)).getBytes(StandardCharsets.UTF_8); // 8,192 + 1 bytes: a cut at 8,192 splits the last 你
            byte[] longest = "y".repeat(UdpServer.MAX_PACKET_SIZE).getBytes(StandardCharsets.UTF_8);

            send(client, server, tooLong);
            send(client, server, longest);

            DatagramPacket answer = new DatagramPacket(new byte[UdpServer.MAX_PACKET_SIZE + 1], UdpServer.MAX_PACKET_SIZE + 1);
            client.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8))
                    .as("the first answer is to the second datagram").isEqualTo("Y".repeat(UdpServer.MAX_PACKET_SIZE));
            assertThat(tooLong).hasSize(UdpServer.MAX_PACKET_SIZE + 1);
            assertThat(log).containsExactly("127.0.0.1:" + client.getLocalPort() + ": a datagram of more than 8192 bytes (max_packet_size) is not handled");
        }
    }

    @Test
    @DisplayName("§9 UdpServer.shutdown(): serveForever returns and the port is free again")
    void shutdownEndsTheLoopAndFreesThePort() throws Exception {
        for (int attempt = 1; ; attempt++) {
            UdpServer server = fixture.serving(new UdpServer(ANY_PORT, UpperUdpHandler::new, log::add));
            Set<String> serversSocket = OS.LINUX.isCurrentOs() // the kernel's name (inode) for the server's socket
                    ? await().atMost(Duration.ofSeconds(10)).until(() -> socketsHolding(server.address()), inodes -> inodes.size() == 1)
                    : Set.of();

            server.shutdown(); // returns after serveForever: JDK 15+ closes a socket blocked in receive() on the
                               // thread in receive(), the loop's, so the server's socket is closed by then

            Thread loop = fixture.loopOf(server);
            loop.join(5_000);
            assertThat(loop.isAlive()).isFalse();
            // The port is free once every copy of the socket is closed. A child process that another test
            // starts meanwhile gets a copy of each descriptor of this JVM (Java's sockets are not
            // close-on-exec) and holds it until it runs its program: for a moment, not for 10 s.
            try (DatagramSocket again = bindWithin(Duration.ofSeconds(10), server.address())) {
                if (again != null) {
                    assertThat(again.getLocalPort()).isEqualTo(server.address().getPort());
                    return;
                }
            }
            // Still taken: once the server has let the number go, any socket that binds port 0 may get it
            // (another test's, another build's). No fault of shutdown(), so on Linux, where the kernel tells
            // whose socket holds the port, we try again on a new port.
            if (!OS.LINUX.isCurrentOs()) {
                throw new AssertionError("the port is not free again within 10 s");
            }
            Set<String> holders = new TreeSet<>();
            for (int read = 0; read < 3; read++) { // a read of the table may miss a line that moves while it is read
                holders.addAll(socketsHolding(server.address()));
            }
            assertThat(holders).as("the sockets holding the port after shutdown()").doesNotContainAnyElementsOf(serversSocket);
            assertThat(attempt).as("attempts in which another socket took the freed number first").isLessThan(5);
        }
    }

    /** A socket bound to {@code address} as soon as it is free, or null if it is not within {@code wait}. */
    private static DatagramSocket bindWithin(Duration wait, InetSocketAddress address) {
        try {
            return await().atMost(wait).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptionsInstanceOf(BindException.class)
                    .until(() -> new DatagramSocket(address), Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            return null;
        }
    }

    /**
     * Linux: the inodes of the UDP sockets bound to this address's port on 127.0.0.1 or on the
     * wildcard (the binds that conflict with ours), from /proc/net/udp and udp6 (Java's sockets are
     * IPv6 ones with a mapped address there). Elsewhere: none. The kernel writes these tables a
     * page at a time: while other sockets come and go, one read may miss a line.
     */
    private static Set<String> socketsHolding(InetSocketAddress address) throws IOException {
        String port = String.format(":%04X", address.getPort());
        Set<String> local = Set.of("0100007F" + port, "00000000" + port,
                "0000000000000000FFFF00000100007F" + port, "00000000000000000000000000000000" + port);
        Set<String> inodes = new TreeSet<>();
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path path = Path.of(table);
            if (Files.exists(path)) {
                List<String> lines = Files.readAllLines(path);
                for (String line : lines.subList(1, lines.size())) { // after the heading
                    String[] f = line.trim().split("\\s+"); // sl local_address rem_address st queues tr retrnsmt uid timeout inode ...
                    if (local.contains(f[1])) {
                        inodes.add(f[9]);
                    }
                }
            }
        }
        return inodes;
    }
}
