package socketlessons.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reliable delivery over UDP, the simplest way (stop-and-wait): number each message, send it,
 * and wait for the receiver's acknowledgement of that number; if none comes within the
 * timeout, send it again. Only one message is in flight, so order is kept; the receiver
 * answers a repeat with the same acknowledgement without acting on it twice.
 *
 * <pre>
 * data:  "seq|payload"      ack: "ack|seq"
 * </pre>
 */
public final class StopAndWaitSender implements AutoCloseable {

    private final DatagramSocket socket = new DatagramSocket();
    private final InetSocketAddress receiver;
    private final Duration retransmitAfter;
    private final int maxTries;
    private long nextSeq;
    private long sent;

    public StopAndWaitSender(InetSocketAddress receiver, Duration retransmitAfter, int maxTries) throws IOException {
        this.receiver = receiver;
        this.retransmitAfter = retransmitAfter;
        this.maxTries = maxTries;
    }

    /** Sends one message and returns once it is acknowledged. */
    public void send(String payload) throws IOException {
        long seq = nextSeq++;
        byte[] data = (seq + "|" + payload).getBytes(StandardCharsets.UTF_8);
        String expected = "ack|" + seq;
        for (int attempt = 1; attempt <= maxTries; attempt++) {
            socket.send(new DatagramPacket(data, data.length, receiver));
            sent++;
            if (awaitAck(expected)) {
                return;
            }
            // the message or its ack was lost: send it again
        }
        throw new IOException("message " + seq + " not acknowledged after " + maxTries + " tries");
    }

    /** Waits up to the retransmission timeout for {@code expected}, ignoring late acks of older messages. */
    private boolean awaitAck(String expected) throws IOException {
        byte[] buf = new byte[64];
        long deadline = System.nanoTime() + retransmitAfter.toNanos();
        while (true) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return false;
            }
            socket.setSoTimeout((int) leftMillis);
            DatagramPacket ack = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(ack);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (expected.equals(new String(ack.getData(), 0, ack.getLength(), StandardCharsets.UTF_8))) {
                return true;
            }
        }
    }

    /** Datagrams sent so far, retransmissions included. */
    public long datagramsSent() {
        return sent;
    }

    @Override
    public void close() {
        socket.close();
    }
}
