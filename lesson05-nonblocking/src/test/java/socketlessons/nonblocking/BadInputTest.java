package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static socketlessons.nonblocking.Clients.ANY_PORT;
import static socketlessons.nonblocking.Clients.soon;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each bad client meets a server that already has two good ones: A, idle between questions,
 * and B, in the middle of a frame when the bad client strikes (except with the stall, where a
 * half frame is the offence). The bad client's connection is closed with a reason in the log;
 * A and B are answered after, on the same one thread.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§7 bad input over NIO: the one bad client is closed, the others go on being served")
class BadInputTest {

    @AutoClose
    final Clients clients = new Clients();
    final List<String> log = new CopyOnWriteArrayList<>();

    private GuardedSelectorEchoServer server;
    private Socket a;
    private Socket b;

    private void startWithTwoGoodClients(GuardedSelectorEchoServer.Limits limits) throws IOException {
        server = clients.closeLater(new GuardedSelectorEchoServer(ANY_PORT, clients.codec, limits, log::add).start());
        a = clients.connect(server.address());
        b = clients.connect(server.address());
        assertThat(clients.ask(a, "a before")).isEqualTo("A BEFORE");
        assertThat(clients.ask(b, "b before")).isEqualTo("B BEFORE");
    }

    /** B sends the first half of a frame: the server holds it in B's own decoder. */
    private byte[] bStartsAFrame() throws IOException {
        byte[] body = "b, across the trouble".getBytes(StandardCharsets.UTF_8);
        b.getOutputStream().write(Clients.header(body.length));
        b.getOutputStream().write(body, 0, 4);
        return body;
    }

    /** Waits until the bad clients are closed, with these lines in the log, and only these. */
    private void closedWith(String... lines) {
        soon().until(() -> log.size() >= lines.length && server.stats().clients() == 2);
        assertThat(log).containsExactly(lines);
    }

    private static String closing(int port, String reason) {
        return "closing 127.0.0.1:" + port + ": " + reason;
    }

    /** A and B are answered, B's frame (when it started one) finished across the trouble. */
    private void othersStillServed(byte[] bFrame) throws IOException {
        if (bFrame != null) {
            b.getOutputStream().write(bFrame, 4, bFrame.length - 4);
            assertThat(clients.receive(b)).isEqualTo(new String(bFrame, StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT));
        }
        assertThat(clients.ask(a, "a after")).isEqualTo("A AFTER");
        assertThat(clients.ask(b, "b after")).isEqualTo("B AFTER");
        assertThat(server.stats().clients()).isEqualTo(2);
    }

    @Test
    @DisplayName("§7 a negative length (-1): that client is closed, A and B served")
    void negativeLengthClosesOnlyThatClient() throws Exception {
        startWithTwoGoodClients(GuardedSelectorEchoServer.Limits.DEFAULT);
        byte[] bFrame = bStartsAFrame();
        Socket bad = clients.connect(server.address());

        bad.getOutputStream().write(new byte[] {-1, -1, -1, -1});

        assertThat(bad.getInputStream().read()).as("the bad client sees the end of the stream").isEqualTo(-1);
        closedWith(closing(bad.getLocalPort(), "frame length -1 is negative"));
        othersStillServed(bFrame);
    }

    @Test
    @DisplayName("§7 a claim of 2 GB, and one of 16 MiB + 1: each client closed at its header, A and B served")
    void oversizedLengthClosesOnlyThatClient() throws Exception {
        startWithTwoGoodClients(GuardedSelectorEchoServer.Limits.DEFAULT);
        byte[] bFrame = bStartsAFrame();
        Socket huge = clients.connect(server.address());
        Socket justOver = clients.connect(server.address());

        huge.getOutputStream().write(Clients.header(Integer.MAX_VALUE));
        assertThat(huge.getInputStream().read()).isEqualTo(-1);
        justOver.getOutputStream().write(Clients.header(16 * 1024 * 1024 + 1));
        assertThat(justOver.getInputStream().read()).isEqualTo(-1);

        closedWith(closing(huge.getLocalPort(), "frame length 2147483647 is above the maximum of 16777216 bytes"),
                closing(justOver.getLocalPort(), "frame length 16777217 is above the maximum of 16777216 bytes"));
        othersStillServed(bFrame);
    }

    @Test
    @DisplayName("§7 half a frame, then silence: that client is closed after the frame timeout (200 ms here), A and B served")
    void stalledHalfFrameClosesOnlyThatClient() throws Exception {
        startWithTwoGoodClients(GuardedSelectorEchoServer.Limits.DEFAULT.withFrameTimeout(Duration.ofMillis(200)));
        Socket stalled = clients.connect(server.address());

        OutputStream out = stalled.getOutputStream();
        out.write(Clients.header(10));
        out.write("half".getBytes(StandardCharsets.UTF_8)); // 4 of 10 bytes, and never the rest

        assertThat(stalled.getInputStream().read()).isEqualTo(-1);
        closedWith(closing(stalled.getLocalPort(), "half a frame, then nothing for 200 ms"));
        othersStillServed(null); // B is not left half-way here: 200 ms would cut it off too
    }

    @Test
    @DisplayName("§7 a reset in mid-frame: that client is closed (Connection reset), A and B served")
    void resetMidFrameClosesOnlyThatClient() throws Exception {
        startWithTwoGoodClients(GuardedSelectorEchoServer.Limits.DEFAULT);
        byte[] bFrame = bStartsAFrame();
        Socket resetting = clients.connect(server.address());

        resetting.getOutputStream().write(Clients.header(10));
        resetting.getOutputStream().write("half".getBytes(StandardCharsets.UTF_8));
        int port = resetting.getLocalPort();
        resetting.setSoLinger(true, 0);
        resetting.close(); // linger 0: an RST instead of a FIN

        closedWith(closing(port, "java.net.SocketException: Connection reset"));
        othersStillServed(bFrame);
    }

    @Test
    @DisplayName("§7 the stream ends inside a frame (3 of 4 header bytes, then FIN): that client is closed, A and B served")
    void endInsideFrameClosesOnlyThatClient() throws Exception {
        startWithTwoGoodClients(GuardedSelectorEchoServer.Limits.DEFAULT);
        byte[] bFrame = bStartsAFrame();
        Socket ending = clients.connect(server.address());

        ending.getOutputStream().write(new byte[] {0, 0, 0});
        ending.shutdownOutput(); // FIN: no more is coming

        assertThat(ending.getInputStream().read()).isEqualTo(-1);
        closedWith(closing(ending.getLocalPort(), "the stream ended inside a frame"));
        othersStillServed(bFrame);
    }

    @Test
    @DisplayName("§7 more clients than the server may hold (2 here, for ulimit -n): the third waits in the backlog, and is served once one leaves")
    void clientLimitKeepsTheRestInTheBacklog() throws Exception {
        startWithTwoGoodClients(GuardedSelectorEchoServer.Limits.DEFAULT.withMaxClients(2));
        Socket third = clients.connect(server.address()); // the kernel completes the handshake all the same

        clients.send(third, "third");
        soon().until(() -> !log.isEmpty());
        assertThat(log).containsExactly("holding 2 clients, the most allowed: the next wait in the backlog (said once)");
        assertThat(clients.ask(a, "a still served")).isEqualTo("A STILL SERVED");
        third.setSoTimeout(200);
        // Not accepted, so not read: its frame waits in the kernel, whatever the timing.
        assertThatThrownBy(() -> clients.in(third).read()).isInstanceOf(SocketTimeoutException.class);

        b.close(); // one leaves: there is room, and the server accepts again
        third.setSoTimeout(10_000);
        assertThat(clients.receive(third)).isEqualTo("THIRD");
        soon().until(() -> server.stats().clients() == 2);
    }

    /** Sends the header of a 16 MiB frame and {@code bytes} of its body, then stops: the server holds them. */
    private static void startBigFrame(Socket sk, int bytes) throws IOException {
        OutputStream out = sk.getOutputStream();
        out.write(Clients.header(16 * 1024 * 1024));
        out.write(new byte[bytes]);
        out.flush();
    }

    @Test
    @DisplayName("§7 reproduces half frames without a total: three clients each 6 MiB into a 16 MiB frame, and the server holds 18 MiB")
    void reproducesPartialFramesHeldWithoutATotal() throws Exception {
        startWithTwoGoodClients(GuardedSelectorEchoServer.Limits.DEFAULT.withMaxPartialBytes(Long.MAX_VALUE));

        // Each is legal on its own (up to 16 MiB a client); a thousand of them are 16 GiB.
        for (int i = 0; i < 3; i++) {
            startBigFrame(clients.connect(server.address()), 6 * 1024 * 1024);
        }

        soon().until(() -> server.partialBytes() >= 18 * 1024 * 1024);
        assertThat(server.stats().clients()).isEqualTo(5);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 fix: half frames of all clients together have a limit (24 MiB here): the client whose bytes pass it is closed, the rest served")
    void fixesPartialFramesBoundedInTotal() throws Exception {
        startWithTwoGoodClients(GuardedSelectorEchoServer.Limits.DEFAULT.withMaxPartialBytes(24 * 1024 * 1024));
        Socket first = clients.connect(server.address());
        Socket second = clients.connect(server.address());
        startBigFrame(first, 6 * 1024 * 1024);
        startBigFrame(second, 6 * 1024 * 1024);
        soon().until(() -> server.partialBytes() >= 12 * 1024 * 1024);

        Socket third = clients.connect(server.address());
        Clients.inBackground(() -> startBigFrame(third, 15 * 1024 * 1024)); // its write fails part way, once it is closed

        soon().until(() -> !log.isEmpty());
        assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:" + third.getLocalPort()
                + ": cut off: half-received frames of all clients would hold \\d+ bytes, above the limit of 25165824");
        // The two within the limit finish their frames, one after the other, and get them back whole.
        for (Socket sk : List.of(first, second)) {
            sk.getOutputStream().write(new byte[10 * 1024 * 1024]);
            assertThat(clients.codec.readFrame(clients.in(sk))).hasSize(16 * 1024 * 1024);
        }
        soon().until(() -> server.partialBytes() == 0);
        first.close();
        second.close();
        soon().until(() -> server.stats().clients() == 2);
        othersStillServed(null);
    }
}
