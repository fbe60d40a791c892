package socketlessons.udp.check;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;

/**
 * lesson03's exercise, §5.1: the UDP chat. The server: no connection, it receives a datagram
 * from anyone, prints it, and answers that sender (the address {@code recvfrom} gave) with the
 * line typed at its keyboard; the checker sends from two sockets, two different senders. The
 * client: each typed line goes as one datagram (bare text, as the course's client sends it),
 * the answer is printed, and {@code q} ends the program; the checker plays the server on PORT.
 * The checker types at the program's keyboard itself.
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
                        }),
                Stage.client("sends a line as a datagram", "your client sends the line typed at its keyboard as one datagram (UTF-8 text) to PORT",
                        "§5.1: sk = socket.socket(type=socket.SOCK_DGRAM), inp = input('>>>'), sk.sendto(inp.encode('utf-8'), ('127.0.0.1', PORT)); "
                                + README,
                        session -> session.expectDatagram(typed(session, "你好"), "你好")),
                Stage.client("prints the answer", "your client waits for the server's answer (a datagram back) and prints it",
                        "§5.1: msg, addr = sk.recvfrom(1024), then print(msg.decode('utf-8')), before the next input(); " + README,
                        session -> answered(session, "你好", "hi, this is the server")),
                Stage.client("q quits", "after q is typed your client ends (UDP has no connection to close: nobody is told)",
                        "§5.1's client.py loops forever: if inp.upper() == 'Q': break, before the sendto (nothing waits for an answer to q), then sk.close(); "
                                + README,
                        session -> {
                            answered(session, "你好", "hi, this is the server");
                            session.type("q");
                            session.expectExit("after q");
                        }));
    }

    /** The user types {@code line} at the client; returns the checker's socket where it should come as a datagram. */
    private static DatagramSocket typed(Session session, String line) throws Exception {
        session.type(line);
        return session.datagramListener();
    }

    /** The client sends {@code line}; the checker answers its sender, as recvfrom/sendto do, and the client must print it. */
    private static void answered(Session session, String line, String answer) throws Exception {
        DatagramSocket server = typed(session, line);
        SocketAddress client = session.expectDatagram(server, line);
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        server.send(new DatagramPacket(bytes, bytes.length, client)); // sk.sendto(answer, addr)
        session.expectPrinted(answer);
    }

    private static void talk(Session session, DatagramSocket sender, String message, String answer) throws Exception {
        session.sendDatagram(sender, message);
        session.expectPrinted(message);
        session.type(answer);
        session.expectDatagram(sender, answer);
    }
}
