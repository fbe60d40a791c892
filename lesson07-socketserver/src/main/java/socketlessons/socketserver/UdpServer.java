package socketlessons.socketserver;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.Consumer;
import socketlessons.basics.cli.Cli;

/**
 * Python's {@code socketserver.UDPServer}: each datagram is a request, handled on the loop's
 * thread; the handler gets its bytes and the server's socket to answer with
 * ({@code data, socket = self.request}). No connection: nothing to accept, nothing to close
 * after, and one socket serves every client.
 */
public class UdpServer extends BaseServer<Datagram> {

    /**
     * Python's {@code max_packet_size}. Python cuts a longer datagram to this many bytes and
     * answers the cut text; a cut inside a UTF-8 character then fails to decode and gets no
     * answer at all. Ours reads one byte more, to see that a datagram was longer, and logs it
     * instead of handling a part of it.
     */
    public static final int MAX_PACKET_SIZE = 8192;

    private final DatagramSocket socket;
    private final InetSocketAddress boundAddress;

    public UdpServer(InetSocketAddress address, HandlerFactory<Datagram> handlerFactory, Consumer<String> log) throws IOException {
        super(handlerFactory, log);
        socket = new DatagramSocket(null);
        try {
            socket.bind(address); // server_bind; no listen for UDP
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        boundAddress = (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Python's {@code UDPServer(server_address, RequestHandlerClass)}: errors to standard error. */
    public UdpServer(InetSocketAddress address, HandlerFactory<Datagram> handlerFactory) throws IOException {
        this(address, handlerFactory, System.err::println);
    }

    @Override
    public InetSocketAddress address() {
        return boundAddress;
    }

    @Override
    protected Incoming<Datagram> getRequest() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[MAX_PACKET_SIZE + 1], MAX_PACKET_SIZE + 1);
        socket.receive(packet); // data, client_address = self.socket.recvfrom(max_packet_size)
        while (packet.getLength() > MAX_PACKET_SIZE) { // the kernel cut it (lesson03): do not answer a part
            log(format((InetSocketAddress) packet.getSocketAddress()) + ": a datagram of more than " + MAX_PACKET_SIZE
                    + " bytes (max_packet_size) is not handled");
            packet.setLength(MAX_PACKET_SIZE + 1);
            socket.receive(packet);
        }
        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
        return new Incoming<>(new Datagram(data, socket), (InetSocketAddress) packet.getSocketAddress());
    }

    @Override
    protected void shutdownRequest(Datagram request) {
        // nothing to close: UDP has no connection
    }

    @Override
    protected void closeSocket() {
        socket.close(); // a blocked receive() throws at once
    }

    /** Run from an IDE: the uppercase echo for datagrams ({@code udp-server}). */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("udp-server", args);
    }
}
