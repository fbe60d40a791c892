package socketlessons.tcpchat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import socketlessons.basics.Connector;
import socketlessons.basics.cli.Cli;

/**
 * §4.2 client: connects, then speaks first; the conversation is a {@link ChatSession}.
 *
 * <pre>
 * sk = socket.socket()              Socket sk = new Socket()
 * sk.connect(('127.0.0.1', 9000))   sk.connect(address, CONNECT_TIMEOUT_MILLIS)
 * while True: ...                   session.speakFirst(wire)
 * sk.close()                        try-with-resources
 * </pre>
 */
public final class ChatClient {

    /** A client does not wait forever for a machine that does not answer the SYN. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private ChatClient() {
    }

    /** Connects once, as the course's client does: no server, and it fails with Connection refused. */
    public static ChatSession.Ending talk(String host, int port, Wire.Format format, ChatSession session) throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS); // the three-way handshake
            return session.speakFirst(wire(sk, format));
        }
    }

    /**
     * {@code client --retry}: lesson01's fix for a client started before its server. The
     * {@link Connector} connects as above, and while it is refused, waits and tries again.
     */
    public static ChatSession.Ending talk(Connector retrying, String host, int port, Wire.Format format, ChatSession session)
            throws IOException {
        try (Socket sk = retrying.connect(host, port)) {
            return session.speakFirst(wire(sk, format));
        }
    }

    private static Wire wire(Socket sk, Wire.Format format) throws IOException {
        return format == Wire.Format.COURSE ? new CourseWire(sk) : new LineWire(sk);
    }

    /** Run from an IDE: the same as {@code java -jar lesson02-tcp-chat.jar client}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("client", args);
    }
}
