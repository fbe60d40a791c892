package socketlessons.tcpchat;

import java.io.IOException;
import java.net.Socket;
import socketlessons.basics.Connector;

/**
 * §4.2 client: connects, then speaks first; the conversation is a {@link ChatSession}.
 *
 * <pre>
 * sk = socket.socket()
 * sk.connect(('127.0.0.1', 9000))   connector.connect(host, port)  (lesson01: with a timeout, and
 *                                   retrying while no server listens if asked to)
 * while True: ...                   session.speakFirst(wire)
 * sk.close()                        try-with-resources
 * </pre>
 */
public final class ChatClient {

    /** A client does not wait forever for a machine that does not answer the SYN (the demo's clients). */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private ChatClient() {
    }

    public static ChatSession.Ending talk(Connector connector, String host, int port, ChatSession session,
            ChatServer.WireFactory wires) throws IOException {
        try (Socket sk = connector.connect(host, port)) {
            return session.speakFirst(wires.open(sk));
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson02-tcp-chat.jar client}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("client", args));
    }
}
