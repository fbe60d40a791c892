package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static socketlessons.socketserver.Fixture.ANY_PORT;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
        UdpServer server = fixture.serving(new UdpServer(ANY_PORT, UpperUdpHandler::new, log::add));

        server.shutdown();

        Thread loop = fixture.loopOf(server);
        loop.join(5_000);
        assertThat(loop.isAlive()).isFalse();
        try (DatagramSocket again = new DatagramSocket(server.address())) {
            assertThat(again.getLocalPort()).isEqualTo(server.address().getPort());
        }
    }
}
