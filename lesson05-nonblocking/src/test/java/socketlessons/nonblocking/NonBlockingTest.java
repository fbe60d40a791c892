package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.sticky.LengthPrefixCodec;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§7 非阻塞IO: the busy loop, the selector, and the writes that do not fit")
class NonBlockingTest {

    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    private final LengthPrefixCodec codec = new LengthPrefixCodec();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private Socket connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket sk = closeLater(new Socket());
        if (receiveBuffer > 0) {
            sk.setReceiveBufferSize(receiveBuffer); // before connect: it sets the TCP window
        }
        sk.connect(address, 5_000);
        sk.setSoTimeout(10_000);
        return sk;
    }

    private String ask(Socket sk, String text) throws IOException {
        codec.writeFrame(sk.getOutputStream(), text.getBytes(StandardCharsets.UTF_8));
        return new String(codec.readFrame(sk.getInputStream()), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("§7 the classroom's busy loop serves two clients with one thread (and spins: see the demo's CPU figures)")
    void busyLoopServesTwoClientsAtOnce() throws Exception {
        BusyPollingServer server = closeLater(new BusyPollingServer(ANY, log::add));
        Socket a = connect(server.address(), 0);
        Socket b = connect(server.address(), 0);
        a.getOutputStream().write("hello a".getBytes(StandardCharsets.UTF_8));
        b.getOutputStream().write("hello b".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(a.getInputStream().readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("HELLO A");
        assertThat(new String(b.getInputStream().readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("HELLO B");
    }

    @Test
    @DisplayName("§4.3 again (blocking, one at a time): while A is connected, B's message gets no answer")
    void reproducesOccupiedServerWithBlockingSockets() throws Exception {
        BlockingEchoServer server = closeLater(new BlockingEchoServer(ANY, codec, false, log::add).start());
        Socket a = connect(server.address(), 0);
        assertThat(ask(a, "a")).isEqualTo("A");

        Socket b = connect(server.address(), 0);
        codec.writeFrame(b.getOutputStream(), "b".getBytes(StandardCharsets.UTF_8));
        b.setSoTimeout(300);
        assertThatThrownBy(() -> b.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    @DisplayName("§7 fix: the selector server answers B while A stays connected, with one thread")
    void fixesOccupiedServerWithSelector() throws Exception {
        SelectorEchoServer server = closeLater(new SelectorEchoServer(ANY, codec, SelectorEchoServer.DEFAULT_MAX_QUEUED, log::add).start());
        Socket a = connect(server.address(), 0);
        assertThat(ask(a, "a")).isEqualTo("A");

        Socket b = connect(server.address(), 0);
        assertThat(ask(b, "b")).isEqualTo("B");
        assertThat(ask(a, "still here")).isEqualTo("STILL HERE");
        assertThat(server.clients()).isEqualTo(2);
    }

    /** Sends {@code frames} frames of 1 KiB without reading, then half-closes; returns what came back, until the server closes. */
    private byte[] floodWithoutReading(Socket sk, int frames) throws Exception {
        byte[] body = new byte[1024];
        Arrays.fill(body, (byte) 'x');
        CompletableFuture<byte[]> reading = new CompletableFuture<>();
        OutputStream out = new BufferedOutputStream(sk.getOutputStream(), 64 * 1024);
        for (int i = 0; i < frames; i++) {
            codec.writeFrame(out, body);
        }
        sk.shutdownOutput();
        // Only now does the client read: everything the server could not hold was its to keep or lose.
        reading.complete(sk.getInputStream().readAllBytes());
        return reading.get();
    }

    @Test
    @DisplayName("§7 the classic NIO bug: ignoring what write() returned, a client that does not read loses replies")
    void reproducesRepliesLostWhenWriteResultIsIgnored() throws Exception {
        WriteOnceSelectorServer server = closeLater(new WriteOnceSelectorServer(ANY));
        Socket sk = connect(server.address(), 16 * 1024);
        sk.setSoTimeout(30_000);
        int frames = 16 * 1024; // 16 MiB of replies: more than any socket buffers hold

        byte[] back = floodWithoutReading(sk, frames);

        assertThat(back.length).isLessThan(frames * 1028);
        assertThat(server.droppedBytes()).isPositive().isEqualTo(frames * 1028L - back.length);
    }

    @Test
    @DisplayName("§7 fix: an outbound queue and OP_WRITE while it is not empty: every reply arrives, whole and in order")
    void fixesLostRepliesWithOutboundQueue() throws Exception {
        SelectorEchoServer server = closeLater(new SelectorEchoServer(ANY, codec, 64 * 1024 * 1024, log::add).start());
        Socket sk = connect(server.address(), 16 * 1024);
        sk.setSoTimeout(30_000);
        int frames = 16 * 1024;

        byte[] back = floodWithoutReading(sk, frames);

        assertThat(back.length).isEqualTo(frames * 1028);
        InputStream replies = new java.io.ByteArrayInputStream(back);
        byte[] expected = new byte[1024];
        Arrays.fill(expected, (byte) 'X');
        for (int i = 0; i < frames; i++) {
            assertThat(codec.readFrame(replies)).as("reply %d", i).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("§7 fix: a client that sends but never reads is cut off at the queue limit; another client is served all along")
    void fixesSlowClientStallingOthersByCuttingItOff() throws Exception {
        SelectorEchoServer server = closeLater(new SelectorEchoServer(ANY, codec, 256 * 1024, log::add).start());
        Socket fast = connect(server.address(), 0);
        Socket slow = connect(server.address(), 16 * 1024);
        byte[] body = new byte[1024];
        OutputStream slowOut = new BufferedOutputStream(slow.getOutputStream(), 64 * 1024);

        CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 16 * 1024; i++) {
                    codec.writeFrame(slowOut, body);
                }
            } catch (IOException expectedOnceCutOff) {
                // the server closed the slow client: its writes fail
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> log.stream().anyMatch(l -> l.contains("cut off:")));
        assertThat(ask(fast, "i am not slow")).isEqualTo("I AM NOT SLOW");
        flooding.get(20, TimeUnit.SECONDS);
        assertThat(log).anyMatch(l -> l.matches("closing 127\\.0\\.0\\.1:" + slow.getLocalPort()
                + ": java\\.io\\.IOException: cut off: \\d+ bytes waiting to be written \\(it sends but does not read\\)"));
    }

    @Test
    @DisplayName("§7 bad input over NIO: a -1 length, a 2 GB claim, a reset mid-frame: that client is closed, the others served")
    void closesBadClientsAndServesOthers() throws Exception {
        SelectorEchoServer server = closeLater(new SelectorEchoServer(ANY, codec, SelectorEchoServer.DEFAULT_MAX_QUEUED, log::add).start());
        Socket good = connect(server.address(), 0);
        assertThat(ask(good, "before")).isEqualTo("BEFORE");

        Socket negative = connect(server.address(), 0);
        negative.getOutputStream().write(new byte[] {-1, -1, -1, -1});
        assertThat(negative.getInputStream().read()).isEqualTo(-1);

        Socket huge = connect(server.address(), 0);
        huge.getOutputStream().write(new byte[] {0x7f, -1, -1, -1});
        assertThat(huge.getInputStream().read()).isEqualTo(-1);

        Socket resetting = new Socket();
        resetting.connect(server.address(), 5_000);
        resetting.getOutputStream().write(new byte[] {0, 0, 0, 10, 'h', 'a'});
        resetting.setSoLinger(true, 0);
        resetting.close();

        Socket stalled = connect(server.address(), 0);
        stalled.getOutputStream().write(new byte[] {0, 0, 0, 10, 'h', 'a'}); // half a frame, then nothing

        assertThat(ask(good, "after")).isEqualTo("AFTER");
        await().atMost(Duration.ofSeconds(5)).until(() -> log.size() >= 3);
        assertThat(log).anyMatch(l -> l.endsWith(": frame length -1 is negative"))
                .anyMatch(l -> l.endsWith(": frame length 2147483647 is above the maximum of 16777216 bytes"))
                .anyMatch(l -> l.contains("Connection reset"));
        assertThat(server.clients()).as("good and stalled are still connected").isEqualTo(2);
    }

    @Test
    @DisplayName("§7 the asynchronous server (completion handlers) echoes framed messages to two clients")
    void aioServerEchoes() throws Exception {
        AioEchoServer server = closeLater(new AioEchoServer(ANY, codec, log::add));
        Socket a = connect(server.address(), 0);
        Socket b = connect(server.address(), 0);

        assertThat(ask(a, "aio a")).isEqualTo("AIO A");
        assertThat(ask(b, "aio b")).isEqualTo("AIO B");
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 'q');
        codec.writeFrame(a.getOutputStream(), big);
        assertThat(codec.readFrame(new BufferedInputStream(a.getInputStream()))).hasSize(200_000).containsOnly((byte) 'Q');
    }

    @Test
    @DisplayName("§7 load: 200 connections from one thread get answers with no errors (a smoke run; figures in the README)")
    void loadClientRunsWithoutErrors() throws Exception {
        SelectorEchoServer server = closeLater(new SelectorEchoServer(ANY, codec, SelectorEchoServer.DEFAULT_MAX_QUEUED, log::add).start());

        LoadClient.Result result = new LoadClient(server.address(), 200, 0.3, 0.3).run();

        assertThat(result.connected()).isEqualTo(200);
        assertThat(result.errors()).isZero();
        assertThat(result.messages()).isPositive();
        assertThat(result.p99Micros()).isGreaterThanOrEqualTo(result.p50Micros());
    }
}
