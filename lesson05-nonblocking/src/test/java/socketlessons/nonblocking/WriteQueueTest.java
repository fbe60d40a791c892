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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    private SelectorEchoServer selectorServer(SelectorEchoServer.Limits limits) throws IOException {
        return clients.closeLater(new SelectorEchoServer(ANY_PORT, clients.codec, limits.withSendBufferBytes(SMALL), log::add).start());
    }

    /** Sends {@code frames} requests of 1 KiB on {@code sk} without reading, on another thread (its writes may block). */
    private CompletableFuture<Void> sendWithoutReading(Socket sk, int frames) {
        byte[] body = new byte[NonReadingClient.BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = new BufferedOutputStream(sk.getOutputStream(), 64 * 1024);
                for (int i = 0; i < frames; i++) {
                    clients.codec.writeFrame(out, body);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
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
        SelectorEchoServer server = selectorServer(SelectorEchoServer.Limits.DEFAULT);

        byte[] back;
        try (NonReadingClient slow = new NonReadingClient(server.address())) {
            slow.send(FRAMES);
            soon().until(() -> server.replies() == FRAMES);
            back = slow.finishAndReadAll();
        }

        assertThat((long) back.length).isEqualTo(NonReadingClient.expectedBytes(FRAMES));
        assertThat(wholeReplies(back)).isEqualTo(FRAMES);
        assertThat(server.queuedBytes()).isZero();
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
        SelectorEchoServer server = selectorServer(SelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(8 * 1024 * 1024));
        Socket b = clients.connect(server.address());
        assertThat(clients.ask(b, "before")).isEqualTo("BEFORE");
        Socket slow = clients.connect(server.address(), SMALL);

        clients.codec.writeFrame(slow.getOutputStream(), big(1024 * 1024));
        soon().until(() -> server.replies() == 2 && server.queuedBytes() > 0); // B's and the slow one's

        assertThat(clients.ask(b, "anyone there?")).isEqualTo("ANYONE THERE?");

        byte[] reply = clients.codec.readFrame(clients.in(slow)); // reading at last, it gets all of it
        assertThat(reply).hasSize(1024 * 1024).containsOnly((byte) 'X');
        soon().until(() -> server.queuedBytes() == 0);
        assertThat(server.clients()).isEqualTo(2);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 fix: once the slow client has caught up, OP_WRITE is off again: B's 100 round trips cost one round of the loop each")
    void fixesSpinningOnOpWriteByDroppingItOnceTheQueueIsEmpty() throws Exception {
        SelectorEchoServer server = selectorServer(SelectorEchoServer.Limits.DEFAULT);
        Socket b = clients.connect(server.address());
        Socket slow = clients.connect(server.address(), SMALL);
        sendWithoutReading(slow, FRAMES).get(10, TimeUnit.SECONDS);
        soon().until(() -> server.replies() == FRAMES);
        assertThat(server.queuedBytes()).as("replies waiting: OP_WRITE is on").isPositive();

        byte[] back = slow.getInputStream().readNBytes((int) NonReadingClient.expectedBytes(FRAMES)); // it catches up, and stays
        assertThat(wholeReplies(back)).isEqualTo(FRAMES);
        soon().until(() -> server.queuedBytes() == 0);

        // Left on with an empty queue, OP_WRITE would make select() return at once, forever:
        // thousands of rounds while B talks. Dropped, each question costs the one round that reads it.
        long rounds = server.wakeups();
        for (int i = 0; i < 100; i++) {
            assertThat(clients.ask(b, "round trip " + i)).isEqualTo("ROUND TRIP " + i);
        }
        assertThat(server.wakeups() - rounds).isLessThanOrEqualTo(200);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 reproduces a queue without a limit: for a client that never reads, the server holds over 1.5 MiB and counting")
    void reproducesQueueGrowingWithoutLimit() throws Exception {
        SelectorEchoServer server = selectorServer(SelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(Long.MAX_VALUE));
        Socket slow = clients.connect(server.address(), SMALL);

        sendWithoutReading(slow, 8 * FRAMES).get(10, TimeUnit.SECONDS);

        // 2,056 KiB of replies due; the two small socket buffers hold some tens of KiB of them.
        soon().until(() -> server.queuedBytes() > 1536 * 1024);
        assertThat(server.clients()).isEqualTo(1);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 fix: past the limit (64 KiB here) the client that does not read is cut off, its queue freed; B is served")
    void fixesUnboundedQueueByCuttingOffSlowClient() throws Exception {
        SelectorEchoServer server = selectorServer(SelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(64 * 1024));
        Socket b = clients.connect(server.address());
        Socket slow = clients.connect(server.address(), SMALL);

        sendWithoutReading(slow, 4 * FRAMES); // fails part way, once the server has closed the connection

        soon().until(() -> !log.isEmpty() && server.clients() == 1);
        assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:" + slow.getLocalPort()
                + ": cut off: \\d+ bytes of replies waiting \\(it sends but does not read\\)");
        assertThat(server.queuedBytes()).isZero();
        assertThat(clients.ask(b, "still served")).isEqualTo("STILL SERVED");
    }
}
