package socketlessons.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.PeerText;
import socketlessons.basics.cli.Cli;

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
    private final Consumer<String> log;
    private volatile SocketAddress client;
    private DatagramPacket held;
    private int dropped;
    private int reordered;

    /** On a port of loopback the kernel picks, saying nothing (the tests). */
    public LossyRelay(InetSocketAddress server, long seed, double dropRate, double reorderRate) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), server, seed, dropRate, reorderRate, line -> { });
    }

    /**
     * @param bindTo where clients send instead of the server
     * @param log told of each datagram dropped or held back ({@code relay} prints it)
     */
    public LossyRelay(InetSocketAddress bindTo, InetSocketAddress server, long seed, double dropRate, double reorderRate,
            Consumer<String> log) throws IOException {
        if (dropRate < 0 || reorderRate < 0 || dropRate + reorderRate > 1) {
            throw new IllegalArgumentException("rates from 0 to 1, adding up to at most 1: " + dropRate + ", " + reorderRate);
        }
        this.server = server;
        this.random = new Random(seed);
        this.dropRate = dropRate;
        this.reorderRate = reorderRate;
        this.log = log;
        this.socket = new DatagramSocket(null);
        try {
            socket.bind(bindTo);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
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
            log.accept("dropped " + describe(packet));
            return;
        }
        if (held == null && roll < dropRate + reorderRate) {
            held = packet; // goes out after the next one: the two arrive swapped
            reordered++;
            log.accept("held back " + describe(packet) + " (it goes out after the next one)");
            return;
        }
        socket.send(packet);
        if (held != null) {
            socket.send(held);
            held = null;
        }
    }

    private String describe(DatagramPacket packet) {
        String text = new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8);
        return (packet.getSocketAddress().equals(server) ? "to the server: " : "to the client: ") + PeerText.quote(text);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson03-udp.jar relay}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("relay", args);
    }
}
