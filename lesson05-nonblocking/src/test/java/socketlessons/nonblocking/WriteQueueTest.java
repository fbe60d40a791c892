package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static socketlessons.nonblocking.Clients.ANY_PORT;
import static socketlessons.nonblocking.Clients.soon;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.sticky.FrameException;

/**
 * The buffers are made small on purpose: the client's receive buffer and the server's send
 * buffer hold some 32 KiB together, so a few hundred KiB of replies that nobody reads must
 * overflow them, every time, whatever the timing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§7 the write that does not fit: ignoring write()'s count, and the outbound queue")
class WriteQueueTest {

    private static final int FRAMES = 256; // 256 replies of 1 KiB: far more than the buffers hold
    private static final int SMALL = 8 * 1024;

    @AutoClose
    final Clients clients = new Clients();
    final List<String> log = new CopyOnWriteArrayList<>();

    /** The idea: SelectorEchoServer, its queue without a limit. */
    private SelectorEchoServer selectorServer() throws IOException {
        return clients.closeLater(new SelectorEchoServer(ANY_PORT, clients.codec, SMALL, log::add).start());
    }

    /** What production needs: GuardedSelectorEchoServer. */
    private GuardedSelectorEchoServer guardedServer(GuardedSelectorEchoServer.Limits limits) throws IOException {
        return clients.closeLater(new GuardedSelectorEchoServer(ANY_PORT, clients.codec, limits.withSendBufferBytes(SMALL), log::add).start());
    }

    /** Sends {@code frames} requests of 1 KiB on {@code sk} without reading, on another thread (its writes may block). */
    private CompletableFuture<Void> sendWithoutReading(Socket sk, int frames) {
        byte[] body = new byte[NonReadingClient.BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        return Clients.inBackground(() -> {
            OutputStream out = new BufferedOutputStream(sk.getOutputStream(), 64 * 1024);
            for (int i = 0; i < frames; i++) {
                clients.codec.writeFrame(out, body);
            }
        });
    }

    /** How many replies at the start of {@code bytes} are whole and right (1 KiB of 'X'), up to the first that is not. */
    private int wholeReplies(byte[] bytes) {
        byte[] expected = new byte[NonReadingClient.BODY_BYTES];
        Arrays.fill(expected, (byte) 'X');
        InputStream in = new ByteArrayInputStream(bytes);
        int whole = 0;
        try {
            byte[] reply;
            while ((reply = clients.codec.readFrame(in)) != null && Arrays.equals(reply, expected)) {
                whole++;
            }
        } catch (IOException e) {
            // a length read from the middle of a body, or a stream that ends inside a frame
        }
        return whole;
    }

    @Test
    @DisplayName("§7 reproduces the classic NIO bug: write() once, its count ignored: the replies that did not fit are lost")
    void reproducesRepliesLostWhenWriteCountIsIgnored() throws Exception {
        NaiveWriteServer server = clients.closeLater(new NaiveWriteServer(ANY_PORT,
                NaiveWriteServer.Mistake.IGNORE_WHAT_WRITE_RETURNED, SMALL, log::add).start());

        byte[] back;
        try (NonReadingClient slow = new NonReadingClient(server.address())) {
            slow.send(FRAMES);
            // Read nothing until every reply was written, or not: so only the buffers' worth can get through.
            soon().until(() -> server.replies() == FRAMES);
            back = slow.finishAndReadAll();
        }

        long due = NonReadingClient.expectedBytes(FRAMES);
        assertThat((long) back.length).isLessThan(due);
        assertThat(server.droppedBytes()).as("bytes the server threw away").isEqualTo(due - back.length);
        assertThat(wholeReplies(back)).as("replies that came whole").isLessThan(FRAMES);
    }

    @Test
    @DisplayName("§7 fix: the rest waits in an outbound queue, OP_WRITE until it is sent: every reply arrives whole, in order")
    void fixesLostRepliesWithOutboundQueue() throws Exception {
        SelectorEchoServer server = selectorServer();

        byte[] back;
        try (NonReadingClient slow = new NonReadingClient(server.address())) {
            slow.send(FRAMES);
            soon().until(() -> server.stats().replies() == FRAMES);
            back = slow.finishAndReadAll();
        }

        assertThat((long) back.length).isEqualTo(NonReadingClient.expectedBytes(FRAMES));
        assertThat(wholeReplies(back)).isEqualTo(FRAMES);
        assertThat(server.stats().queuedBytes()).isZero();
        assertThat(log).isEmpty();
    }

    /** One frame of {@code bytes} of 'x': its reply is far more than any socket buffers hold. */
    private static byte[] big(int bytes) {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    @Test
    @DisplayName("§7 reproduces the other naive write: retrying write() at once spins on a slow client's 1 MiB reply, and B waits")
    void reproducesEveryClientStalledByWriteLoop() throws Exception {
        NaiveWriteServer server = clients.closeLater(new NaiveWriteServer(ANY_PORT,
                NaiveWriteServer.Mistake.RETRY_UNTIL_WRITTEN, SMALL, log::add).start());
        Socket b = clients.connect(server.address());
        assertThat(clients.ask(b, "before")).isEqualTo("BEFORE");
        Socket slow = clients.connect(server.address(), SMALL);

        // One request of 1 MiB, sent whole: the server reads all of it before it starts the
        // reply, and the buffers take only some tens of KiB of that reply. The rest cannot go
        // anywhere until the slow client reads, which it never does.
        clients.codec.writeFrame(slow.getOutputStream(), big(1024 * 1024));
        soon().until(() -> server.zeroWrites() > 1_000); // spinning: write() returns 0, again and again

        clients.send(b, "anyone there?");
        b.setSoTimeout(200);
        assertThatThrownBy(() -> clients.in(b).read()).isInstanceOf(SocketTimeoutException.class);

        slow.setSoLinger(true, 0);
        slow.close(); // the slow client goes (a reset): the write fails, and the loop is free again
        b.setSoTimeout(10_000);
        assertThat(clients.receive(b)).isEqualTo("ANYONE THERE?");
        assertThat(log).singleElement().asString().startsWith("closing a client: ");
    }

    @Test
    @DisplayName("§7 fix: the slow client's 1 MiB reply waits in its queue; B is answered at once; then the slow one reads it whole")
    void fixesStalledClientsWithOutboundQueue() throws Exception {
        SelectorEchoServer server = selectorServer();
        Socket b = clients.connect(server.address());
        assertThat(clients.ask(b, "before")).isEqualTo("BEFORE");
        Socket slow = clients.connect(server.address(), SMALL);

        clients.codec.writeFrame(slow.getOutputStream(), big(1024 * 1024));
        soon().until(() -> server.stats().replies() == 2 && server.stats().queuedBytes() > 0); // B's and the slow one's

        assertThat(clients.ask(b, "anyone there?")).isEqualTo("ANYONE THERE?");

        byte[] reply = clients.codec.readFrame(clients.in(slow)); // reading at last, it gets all of it
        assertThat(reply).hasSize(1024 * 1024).containsOnly((byte) 'X');
        soon().until(() -> server.stats().queuedBytes() == 0);
        assertThat(server.stats().clients()).isEqualTo(2);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 fix: once the slow client has caught up, OP_WRITE is off again: B's 100 round trips cost one round of the loop each")
    void fixesSpinningOnOpWriteByDroppingItOnceTheQueueIsEmpty() throws Exception {
        SelectorEchoServer server = selectorServer();
        Socket b = clients.connect(server.address());
        Socket slow = clients.connect(server.address(), SMALL);
        sendWithoutReading(slow, FRAMES).get(10, TimeUnit.SECONDS);
        soon().until(() -> server.stats().replies() == FRAMES);
        assertThat(server.stats().queuedBytes()).as("replies waiting: OP_WRITE is on").isPositive();

        byte[] back = slow.getInputStream().readNBytes((int) NonReadingClient.expectedBytes(FRAMES)); // it catches up, and stays
        assertThat(wholeReplies(back)).isEqualTo(FRAMES);
        soon().until(() -> server.stats().queuedBytes() == 0);

        // Left on with an empty queue, OP_WRITE would make select() return at once, forever:
        // thousands of rounds while B talks. Dropped, each question costs the one round that reads it.
        long rounds = server.stats().wakeups();
        for (int i = 0; i < 100; i++) {
            assertThat(clients.ask(b, "round trip " + i)).isEqualTo("ROUND TRIP " + i);
        }
        assertThat(server.stats().wakeups() - rounds).isLessThanOrEqualTo(200);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 reproduces a queue without a limit: for a client that never reads, the server holds over 1.5 MiB and counting")
    void reproducesQueueGrowingWithoutLimit() throws Exception {
        SelectorEchoServer server = selectorServer(); // the idea: its queues have no limit
        Socket slow = clients.connect(server.address(), SMALL);

        sendWithoutReading(slow, 8 * FRAMES).get(10, TimeUnit.SECONDS);

        // 2,056 KiB of replies due; the two small socket buffers hold some tens of KiB of them.
        soon().until(() -> server.stats().queuedBytes() > 1536 * 1024);
        assertThat(server.stats().clients()).isEqualTo(1);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 fix: past the limit (64 KiB here) the client that does not read is cut off, its queue freed; B is served")
    void fixesUnboundedQueueByCuttingOffSlowClient() throws Exception {
        // Past the limit the server stops reading from it; taking none of its replies for the
        // write timeout (200 ms here), it is cut off.
        GuardedSelectorEchoServer server = guardedServer(GuardedSelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(64 * 1024)
                .withWriteTimeout(Duration.ofMillis(200)));
        Socket b = clients.connect(server.address());
        Socket slow = clients.connect(server.address(), SMALL);

        sendWithoutReading(slow, 4 * FRAMES); // fails part way, once the server has closed the connection

        soon().until(() -> !log.isEmpty() && server.stats().clients() == 1);
        assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:" + slow.getLocalPort()
                + ": cut off: \\d+ bytes of replies waiting, none taken for 200 ms \\(it sends but does not read\\)");
        assertThat(server.stats().queuedBytes()).isZero();
        assertThat(clients.ask(b, "still served")).isEqualTo("STILL SERVED");
    }

    @Test
    @DisplayName("§7 reproduces a queue limit below the frame limit: a client that reads is cut off for its legal 8 MiB reply")
    void reproducesReadingClientCutOffForBigLegalReply() throws Exception {
        // The first guard one writes: cut off a client whose replies waiting pass 1 MiB. Frames
        // up to 16 MiB are legal, and the reply to one is queued whole before the client can read it.
        GuardedSelectorEchoServer server = guardedServer(GuardedSelectorEchoServer.Limits.DEFAULT
                .withOverQueueLimit(GuardedSelectorEchoServer.OverQueueLimit.CUT_OFF));
        Socket reader = clients.connect(server.address());

        clients.codec.writeFrame(reader.getOutputStream(), big(8 * 1024 * 1024));

        assertThatThrownBy(() -> clients.codec.readFrame(clients.in(reader))) // it reads at once, and still
                .isInstanceOf(FrameException.class).hasMessageContaining("of 8388608 body bytes");
        assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:" + reader.getLocalPort()
                + ": cut off: \\d+ bytes of replies waiting, above the limit of 1048576");
    }

    @Test
    @DisplayName("§7 fix: above the limit the server stops reading from that client instead: 8 MiB and 16 MiB replies come back whole")
    void fixesBigLegalRepliesByPausingReadsInsteadOfCuttingOff() throws Exception {
        // The system's socket buffers here: with 8 KiB ones, 32 MiB take some 15 s on loopback.
        GuardedSelectorEchoServer server = clients.closeLater(
                new GuardedSelectorEchoServer(ANY_PORT, clients.codec, GuardedSelectorEchoServer.Limits.DEFAULT, log::add).start());
        Socket reader = clients.connect(server.address());
        int[] sizes = {8 * 1024 * 1024, 16 * 1024 * 1024};

        // Sent back to back: while one reply (above 1 MiB) waits, the next request is not read,
        // so this write blocks until the reader has taken enough of the reply before it.
        CompletableFuture<Void> sent = Clients.inBackground(() -> {
            for (int size : sizes) {
                clients.codec.writeFrame(reader.getOutputStream(), big(size));
            }
        });
        for (int size : sizes) {
            byte[] reply = clients.codec.readFrame(clients.in(reader));
            assertThat(reply).hasSize(size);
            assertThat(Arrays.equals(reply, Upper.bytes(ByteBuffer.wrap(big(size))))).as("all upper case").isTrue();
        }

        sent.get(10, TimeUnit.SECONDS);
        soon().until(() -> server.stats().queuedBytes() == 0);
        assertThat(server.stats().clients()).isEqualTo(1);
        assertThat(log).isEmpty();
    }
}
