package socketlessons.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Random;

/**
 * A UDP relay on loopback that behaves like a bad network, repeatably: it drops datagrams and
 * swaps the order of others, by a seeded random choice. A client sends to the relay instead of
 * the server; the relay forwards to the server, and the server's answers back to that client.
 *
 * <p>Each datagram that reaches the relay is, in turn: dropped (with probability
 * {@code dropRate}), held back until the next one has been forwarded (with probability
 * {@code reorderRate}: the two arrive swapped), or forwarded.
 */
public final class LossyRelay implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final Random random;
    private final double dropRate;
    private final double reorderRate;
    private final Thread thread;
    private volatile SocketAddress client;
    private DatagramPacket held;
    private int dropped;
    private int reordered;

    public LossyRelay(InetSocketAddress server, long seed, double dropRate, double reorderRate) throws IOException {
        this.server = server;
        this.random = new Random(seed);
        this.dropRate = dropRate;
        this.reorderRate = reorderRate;
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::relay, "lossy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where clients send instead of the server. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public synchronized int dropped() {
        return dropped;
    }

    public synchronized int reordered() {
        return reordered;
    }

    private void relay() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                SocketAddress from = in.getSocketAddress();
                SocketAddress to;
                if (from.equals(server)) {
                    to = client;
                } else {
                    client = from; // one client at a time: the last one heard from
                    to = server;
                }
                if (to != null) {
                    forward(new DatagramPacket(Arrays.copyOf(in.getData(), in.getLength()), in.getLength(), to));
                }
            } catch (IOException e) {
                // closed, or an ICMP error from a peer that went away: keep relaying while open
            }
        }
    }

    private synchronized void forward(DatagramPacket packet) throws IOException {
        double roll = random.nextDouble();
        if (roll < dropRate) {
            dropped++;
            return;
        }
        if (held == null && roll < dropRate + reorderRate) {
            held = packet; // goes out after the next one: the two arrive swapped
            reordered++;
            return;
        }
        socket.send(packet);
        if (held != null) {
            socket.send(held);
            held = null;
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
