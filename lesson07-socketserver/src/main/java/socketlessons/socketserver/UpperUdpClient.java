package socketlessons.socketserver;

import socketlessons.basics.PeerText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.cli.Cli;

/**
 * The UDP client: each line typed is one datagram; the answer is printed. A datagram may be
 * lost and nobody tells us (lesson03), so the client waits {@value #ANSWER_TIMEOUT_MILLIS} ms at
 * most. {@code q} or the end of input quits.
 */
public final class UpperUdpClient {

    static final int ANSWER_TIMEOUT_MILLIS = 2_000;

    private final BufferedReader console;
    private final PrintWriter out;

    public UpperUdpClient(BufferedReader console, PrintWriter out) {
        this.console = console;
        this.out = out;
    }

    public void talk(InetSocketAddress server) throws IOException {
        try (DatagramSocket sk = new DatagramSocket()) {
            sk.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            String line;
            while ((line = console.readLine()) != null && !line.equalsIgnoreCase("q")) {
                byte[] data = line.getBytes(StandardCharsets.UTF_8);
                if (data.length > UdpServer.MAX_PACKET_SIZE) { // the server would not handle it: say so now, not after a timeout
                    out.println("not sent: " + data.length + " bytes, more than the server takes (" + UdpServer.MAX_PACKET_SIZE + ")");
                    continue;
                }
                sk.send(new DatagramPacket(data, data.length, server)); // sk.sendto(data, address)
                DatagramPacket answer = new DatagramPacket(new byte[UdpServer.MAX_PACKET_SIZE], UdpServer.MAX_PACKET_SIZE);
                try {
                    sk.receive(answer);
                    out.println(PeerText.shown(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8)));
                } catch (SocketTimeoutException e) {
                    out.println("no answer within " + ANSWER_TIMEOUT_MILLIS / 1000 + " s (is the udp-server running?)");
                }
            }
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson07-socketserver.jar udp-client}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("udp-client", args);
    }
}
