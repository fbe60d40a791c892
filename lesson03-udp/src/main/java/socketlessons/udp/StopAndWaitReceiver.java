package socketlessons.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The receiving side of {@link StopAndWaitSender}: acknowledges every numbered message, and
 * acts on each number once. A repeat (its ack was lost, so the sender sent it again) is
 * acknowledged again but not delivered again.
 */
public final class StopAndWaitReceiver implements AutoCloseable {

    private final DatagramSocket socket;
    /** Per sender: the next number we expect. Stop-and-wait never skips one. */
    private final Map<SocketAddress, Long> expected = new HashMap<>();
    private long duplicates;

    public StopAndWaitReceiver() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Receives until closed; hands each new message to {@code deliver}, once. */
    public void serve(Consumer<String> deliver) throws IOException {
        byte[] buf = new byte[65_535];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (SocketException e) {
                if (socket.isClosed()) {
                    return;
                }
                continue; // an ICMP error from a sender that went away: not ours to stop for
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            long seq;
            try {
                seq = Long.parseLong(text.substring(0, Math.max(bar, 0)));
            } catch (NumberFormatException e) {
                continue; // not a numbered message: ignore it
            }
            SocketAddress sender = packet.getSocketAddress();
            long next = expected.getOrDefault(sender, 0L);
            if (seq == next) {
                deliver.accept(text.substring(bar + 1));
                expected.put(sender, next + 1);
            } else if (seq < next) {
                synchronized (this) {
                    duplicates++;
                }
            } else {
                continue; // from the future: cannot happen with stop-and-wait; no ack
            }
            byte[] ack = ("ack|" + seq).getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(ack, ack.length, sender));
        }
    }

    /** Repeats received and acknowledged without being delivered again. */
    public synchronized long duplicates() {
        return duplicates;
    }

    @Override
    public void close() {
        socket.close();
    }
}
