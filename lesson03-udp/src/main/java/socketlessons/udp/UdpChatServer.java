package socketlessons.udp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.PeerText;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Endpoint;

/**
 * §5.1 server.py: no {@code listen}, no {@code accept}, no connection. One socket receives
 * datagrams from anyone ({@code recvfrom} tells who sent each one), and answers the sender
 * with {@code sendto}. One server, any number of clients, one datagram at a time.
 *
 * <pre>
 * sk = socket.socket(type=socket.SOCK_DGRAM)   new DatagramSocket(null)
 * sk.bind(('127.0.0.1', 9000))                 sk.bind(address)
 * msg, client_addr = sk.recvfrom(1024)          sk.receive(packet); packet.getSocketAddress()
 * sk.sendto(msg, client_addr)                   sk.send(new DatagramPacket(bytes, n, clientAddr))
 * </pre>
 */
public final class UdpChatServer implements AutoCloseable {

    /** Large enough for any datagram (lesson03's largest is 65,507 bytes): nothing is cut. */
    static final int RECEIVE_BUFFER = 65_535;

    private final DatagramSocket sk;

    public UdpChatServer(String host, int port) throws IOException {
        sk = new DatagramSocket(null);
        try {
            sk.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            sk.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) sk.getLocalSocketAddress();
    }

    /**
     * Serves {@code datagrams} messages (0: until closed): shows each with its sender, and
     * answers the sender with a line from the console.
     */
    public void serve(BufferedReader console, PrintWriter screen, int datagrams) throws IOException {
        byte[] buf = new byte[RECEIVE_BUFFER];
        for (int served = 0; datagrams == 0 || served < datagrams; served++) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                sk.receive(packet);
            } catch (SocketException e) {
                if (sk.isClosed()) {
                    return; // closed from another thread: stop serving
                }
                throw e;
            }
            InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
            // Bytes that are not UTF-8 are shown with U+FFFD; a datagram cannot hurt the next one.
            String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            NumberedMessage numbered = NumberedMessage.parse(datagram); // null: bare text, the course's client
            screen.println(Endpoint.format(sender) + " says: " + PeerText.shown(numbered == null ? datagram : numbered.text()));
            screen.print(">>> ");
            screen.flush();
            String answer = console.readLine();
            if (answer == null) {
                return; // our console ended: no more answers, so stop
            }
            // the answer carries the number of the message it answers, so a late one is known as late
            String reply = numbered == null ? answer : new NumberedMessage(numbered.seq(), answer).encode();
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            sk.send(new DatagramPacket(bytes, bytes.length, sender));
        }
    }


    @Override
    public void close() {
        sk.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson03-udp.jar server}. */
    public static void main(String[] args) {
        Launcher.main(Cli.prepend("server", args));
    }
}
