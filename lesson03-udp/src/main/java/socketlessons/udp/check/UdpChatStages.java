package socketlessons.udp.check;

import java.net.DatagramSocket;
import java.util.List;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;

/**
 * lesson03's exercise, §5.1: the UDP chat server. No connection: it receives a datagram from
 * anyone, prints it, and answers that sender (the address {@code recvfrom} gave) with the line
 * typed at its keyboard. The checker sends from two sockets, two different senders, and types
 * the server's answers itself.
 */
public final class UdpChatStages {

    private static final String README = "see lesson03's README, \"UDP in brief (§2.2)\"";

    private UdpChatStages() {
    }

    public static List<Stage> all() {
        return List.of(
                Stage.server("answers a sender", "your server prints a datagram's text and answers its sender with the line typed at its keyboard",
                        "§5.1: sk = socket.socket(type=socket.SOCK_DGRAM), bind, msg, addr = sk.recvfrom(1024), print, sk.sendto(answer, addr); " + README,
                        session -> talk(session, session.datagramSocket(), "hello from A", "hi A")),
                Stage.server("answers any sender", "a second sender, on another port, gets its own answer",
                        "§5.1: answer the address that recvfrom returned with this datagram, not the first sender's; " + README,
                        session -> {
                            talk(session, session.datagramSocket(), "hello from A", "hi A");
                            talk(session, session.datagramSocket(), "hello from B", "hi B");
                        }));
    }

    private static void talk(Session session, DatagramSocket sender, String message, String answer) throws Exception {
        session.sendDatagram(sender, message);
        session.expectPrinted(message);
        session.type(answer);
        session.expectDatagram(sender, answer);
    }
}
