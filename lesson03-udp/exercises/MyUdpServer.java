import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Exercise (lesson03, §5.1): the UDP chat server. Check it (Java 11+ runs a single source file
 * as it is):
 *
 * <pre>
 * java -jar lesson03-udp/target/lesson03-udp.jar check server -- java lesson03-udp/exercises/MyUdpServer.java
 * </pre>
 *
 * Read {@code socketlessons.udp.UdpChatServer} once yours passes.
 */
public class MyUdpServer {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (DatagramSocket sk = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            byte[] buf = new byte[65_535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                // TODO stage 1: sk.receive(packet), print its text (UTF-8, packet.getLength() bytes),
                //               read an answer from keyboard (stop when it is null)
                // TODO stage 2: send the answer to packet.getSocketAddress(), this datagram's sender
                break;
            }
        }
    }
}
