package socketlessons.udp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * §5.1 client.py, with what the notes could not solve: each line goes as one datagram to the
 * server, and the client waits for the answer, but not forever. A datagram to a port where
 * nobody listens is lost (or draws an ICMP "port unreachable", which Windows reports on the
 * next {@code recvfrom} as WinError 10054), so the wait has a timeout and a clear message.
 */
public final class UdpChatClient {

    private final InetSocketAddress server;
    private final Duration timeout;

    public UdpChatClient(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    public void talk(BufferedReader console, PrintWriter screen) throws IOException {
        try (DatagramSocket sk = new DatagramSocket()) {
            // connect() for UDP only fixes the peer: the kernel then reports ICMP errors to us
            // (PortUnreachableException) and drops datagrams from anyone else.
            sk.connect(server);
            sk.setSoTimeout((int) timeout.toMillis());
            byte[] buf = new byte[UdpChatServer.RECEIVE_BUFFER];
            while (true) {
                screen.print(">>> ");
                screen.flush();
                String line = console.readLine();
                if (line == null || line.equalsIgnoreCase("q")) {
                    return;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                sk.send(new DatagramPacket(bytes, bytes.length));
                DatagramPacket answer = new DatagramPacket(buf, buf.length);
                try {
                    sk.receive(answer);
                    screen.println(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8));
                } catch (PortUnreachableException e) {
                    screen.println("no server at " + format(server) + ": port unreachable (Windows: WinError 10054)");
                } catch (SocketTimeoutException e) {
                    screen.println("no answer within " + timeout.toMillis() + " ms: the message or the answer was lost, or the server is busy");
                }
            }
        }
    }

    static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Run from an IDE: the same as {@code java -jar lesson03-udp.jar client}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("client", args));
    }
}
