package socketlessons.tcpchat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** §4.2 client: connects, then speaks first; the conversation is a {@link ChatSession}. */
public final class ChatClient {

    private ChatClient() {
    }

    public static ChatSession.Ending talk(String host, int port, ChatSession session, ChatServer.WireFactory wires)
            throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(new InetSocketAddress(host, port), 5_000);
            return session.speakFirst(wires.open(sk));
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson02-tcp-chat.jar client}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("client", args));
    }
}
