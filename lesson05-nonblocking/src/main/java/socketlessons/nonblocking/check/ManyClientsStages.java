package socketlessons.nonblocking.check;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;
import socketlessons.basics.check.StageFailure;

/**
 * lesson05's exercise, §7: the framed uppercase echo (lesson04's frames, each body sent back in
 * upper case) served to many clients at once by one server: many clients connected together,
 * and a client that sends without reading its replies, which must not stop the others being
 * served, nor corrupt its own replies.
 */
public final class ManyClientsStages {

    static final int CLIENTS = 100;
    /** The client that does not read sends frames of this size... */
    static final int SLOW_FRAME = 64 * 1024;
    /** ...until the server stops taking them for this long, or this much is sent. */
    static final long STALL_MILLIS = 500;
    static final long SLOW_MOST_BYTES = 32L * 1024 * 1024;

    private static final String README = "see lesson05's README, ";

    private final ByteOrder order;

    private ManyClientsStages(ByteOrder order) {
        this.order = order;
    }

    /** The stages, with lesson04's 4-byte length in {@code order}. */
    public static List<Stage> all(ByteOrder order) {
        ManyClientsStages echo = new ManyClientsStages(order);
        return List.of(
                Stage.server("echoes a frame in upper case", "a frame (4-byte length, then the body) comes back with the body in upper case",
                        "§7: lesson04's frames (read exactly 4 bytes, then exactly n), body.upper(); " + README + "\"The fix: a selector, one thread, state on the key\"",
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, echo.frame("hello, selector"));
                            echo.expectEcho(session, socket, "hello, selector");
                        }),
                Stage.server("many clients at once", CLIENTS + " clients connect, then each sends a frame: every one is answered",
                        "§7: one blocking server serves one client at a time; wait on all of them at once (selectors.DefaultSelector, register, select) or give each a thread; "
                                + README + "\"Five IO models\"",
                        session -> {
                            List<Socket> clients = new ArrayList<>();
                            for (int i = 1; i <= CLIENTS; i++) {
                                clients.add(session.connect());
                            }
                            for (int i = 1; i <= CLIENTS; i++) {
                                session.send(clients.get(i - 1), echo.frame("client " + i));
                            }
                            for (int i = 1; i <= CLIENTS; i++) {
                                echo.expectEcho(session, clients.get(i - 1), "client " + i);
                            }
                        }),
                Stage.server("a client that does not read", "one client sends without reading its replies: another is still answered, and the first's replies are whole",
                        "§7: keep what send() did not take, per client, and write it when the selector says EVENT_WRITE (cut off a client whose queue passes a limit); "
                                + "never spin on one client, never drop the rest of a reply; " + README + "\"Writes that do not fit\"",
                        session -> echo.slowReader(session)));
    }

    private void slowReader(Session session) throws Exception {
        Socket other = session.connect(); // connected first, silent while the other one sends
        try (SocketChannel slow = SocketChannel.open()) {
            // A small receive window: the server's replies back up after a few kilobytes.
            slow.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            slow.connect(session.address());
            slow.configureBlocking(false);
            Sent sent = sendWithoutReading(slow);

            session.send(other, frame("are you still there?"));
            expectEcho(session, other, "are you still there?");

            // Now it reads. Every frame it sent whole must come back whole and in order, then
            // the end (it half-closed: a server closes when it has answered everything), unless
            // the server cut it off while it was sending (a limit on what waits for one client).
            slow.configureBlocking(true);
            Socket reader = slow.socket();
            reader.setSoTimeout((int) session.timeout().toMillis());
            String what = "every reply of the client that did not read, whole: the upper-cased echo of each of its frames";
            for (int i = 0; i < sent.whole(); i++) {
                byte[] reply;
                try {
                    reply = readWholeFrame(reader);
                } catch (java.net.SocketTimeoutException e) {
                    throw new StageFailure(what, "nothing more within " + session.timeout().toSeconds() + " s");
                } catch (IOException reset) {
                    return; // reset: the server cut it off, allowed
                }
                if (reply == null && sent.cutOff()) {
                    return;
                }
                if (reply == null || !Arrays.equals(reply, upper(body(i)))) {
                    // lost whole or cut short: which one depends on where each send() stopped
                    throw new StageFailure(what, "replies lost or cut short (what did send() return?)");
                }
            }
        }
    }

    /** How many frames the client that does not read sent whole, and whether the server cut it off meanwhile. */
    private record Sent(int whole, boolean cutOff) {
    }

    /**
     * Sends frames until the server stops taking them (or the most). Stopped between two frames,
     * it half-closes: a server then finishes its replies and closes, so a lost reply shows at
     * once as an early end. Stopped inside a frame, it does not (a server may rightly drop what
     * it queued for a stream that ends inside a frame); then only the replies are counted.
     */
    private Sent sendWithoutReading(SocketChannel slow) throws IOException, InterruptedException {
        int whole = 0;
        long total = 0;
        try {
            while (total < SLOW_MOST_BYTES) {
                ByteBuffer frame = ByteBuffer.wrap(frame(body(whole)));
                long stalledSince = System.nanoTime();
                while (frame.hasRemaining()) {
                    if (slow.write(frame) > 0) {
                        stalledSince = System.nanoTime();
                    } else if (System.nanoTime() - stalledSince > STALL_MILLIS * 1_000_000) {
                        if (frame.position() == 0) {
                            slow.shutdownOutput();
                        }
                        return new Sent(whole, false); // the server takes no more from this client
                    } else {
                        Thread.sleep(5); // pacing the checker's own loop, not waiting for another thread
                    }
                }
                total += frame.capacity();
                whole++;
            }
            slow.shutdownOutput();
            return new Sent(whole, false);
        } catch (IOException cutOff) {
            return new Sent(whole, true); // the server hung up on it: allowed, the other client is what counts
        }
    }

    private byte[] readWholeFrame(Socket socket) throws IOException {
        byte[] header = socket.getInputStream().readNBytes(4);
        if (header.length < 4) {
            return null;
        }
        int length = ByteBuffer.wrap(header).order(order).getInt();
        byte[] body = socket.getInputStream().readNBytes(Math.max(0, Math.min(length, SLOW_FRAME)));
        return body.length < Math.min(length, SLOW_FRAME) ? null : body;
    }

    /** Frame {@code i} of the client that does not read: 64 KiB of lower-case text that says its number. */
    static byte[] body(int i) {
        byte[] body = new byte[SLOW_FRAME];
        byte[] label = String.format(Locale.ROOT, "frame %06d ", i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, body, 0, label.length);
        for (int filled = label.length; filled < body.length; filled *= 2) { // the label over and over: copy what is there
            System.arraycopy(body, 0, body, filled, Math.min(filled, body.length - filled));
        }
        return body;
    }

    private void expectEcho(Session session, Socket socket, String sent) throws Exception {
        String wanted = sent.toUpperCase(Locale.ROOT);
        byte[] header = session.read(socket, 4, "the echo of \"" + sent + "\": a 4-byte length");
        int length = ByteBuffer.wrap(header).order(order).getInt();
        int expectedLength = wanted.getBytes(StandardCharsets.UTF_8).length;
        if (length != expectedLength) {
            throw new StageFailure("a length of " + expectedLength + " (the echo of \"" + sent + "\")", "a length of " + length
                    + (length == Integer.reverseBytes(expectedLength) ? " (the other byte order: see --byte-order)" : ""));
        }
        byte[] body = session.read(socket, length, "\"" + wanted + "\"");
        if (!Arrays.equals(body, wanted.getBytes(StandardCharsets.UTF_8))) {
            throw new StageFailure("\"" + wanted + "\"", Session.describe(body));
        }
    }

    private byte[] frame(String body) {
        return frame(body.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).order(order).putInt(body.length).put(body).array();
    }

    private static byte[] upper(byte[] body) {
        byte[] up = body.clone();
        for (int i = 0; i < up.length; i++) {
            if (up[i] >= 'a' && up[i] <= 'z') {
                up[i] -= 32;
            }
        }
        return up;
    }
}
