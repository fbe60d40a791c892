package socketlessons.socketserver;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Python's {@code socketserver.UDPServer}: each datagram is a request; the handler gets its
 * bytes and the server's socket to answer with. No connection, so nothing to close after.
 */
public class UdpServer extends BaseServer<Datagram> {

    /** Python's {@code max_packet_size}: a longer datagram is cut to this. */
    public static final int MAX_PACKET_SIZE = 8192;

    private final DatagramSocket socket;

    public UdpServer(InetSocketAddress address, Supplier<? extends BaseRequestHandler<Datagram>> handlerClass,
            Consumer<String> log) throws IOException {
        super(handlerClass, log);
        socket = new DatagramSocket(null);
        try {
            socket.bind(address);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    protected Incoming<Datagram> getRequest() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[MAX_PACKET_SIZE], MAX_PACKET_SIZE);
        socket.receive(packet); // data, client_address = self.socket.recvfrom(max_packet_size)
        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
        return new Incoming<>(new Datagram(data, socket), (InetSocketAddress) packet.getSocketAddress());
    }

    @Override
    protected void shutdownRequest(Datagram request) {
        // nothing to close: UDP has no connection
    }

    @Override
    protected void stopAccepting() {
        socket.close();
    }
}
