import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Exercise (lesson03, §5.1): the UDP chat client. Check it (Java 11+ runs a single source file
 * as it is):
 *
 * <pre>
 * java -jar lesson03-udp/target/lesson03-udp.jar check client -- java lesson03-udp/exercises/MyUdpClient.java
 * </pre>
 *
 * The checker is the server on 127.0.0.1:PORT, and it types the client's lines at its keyboard
 * itself. Read {@code socketlessons.udp.UdpChatClient} once yours passes.
 */
public class MyUdpClient {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (DatagramSocket sk = new DatagramSocket()) { // bound to a port the system picks, like Python's first sendto
            byte[] buf = new byte[65_535];
            String line;
            while ((line = keyboard.readLine()) != null) {
                // TODO stage 3: if line is q or Q, leave the loop (try-with-resources closes the socket)
                // TODO stage 1: send line as one datagram to server:
                //               byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                //               sk.send(new DatagramPacket(bytes, bytes.length, server))
                // TODO stage 2: sk.receive(packet) into new DatagramPacket(buf, buf.length), print its text
                //               (new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8))
            }
        }
    }
}
