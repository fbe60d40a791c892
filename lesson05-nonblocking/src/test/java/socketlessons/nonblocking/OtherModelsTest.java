package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static socketlessons.nonblocking.Clients.ANY_PORT;
import static socketlessons.nonblocking.Clients.soon;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§7 the fifth IO model: asynchronous channels and completion handlers")
class OtherModelsTest {

    @AutoClose
    final Clients clients = new Clients();
    final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    @DisplayName("§7 aio-server: two clients at once, and a 200 kB frame that takes many reads and writes")
    void aioServerServesTwoClientsAtOnce() throws Exception {
        AioEchoServer server = clients.closeLater(new AioEchoServer(ANY_PORT, clients.codec, GuardedSelectorEchoServer.Limits.DEFAULT, log::add).start());
        Socket a = clients.connect(server.address());
        Socket b = clients.connect(server.address());

        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 'q');
        clients.codec.writeFrame(a.getOutputStream(), big);
        assertThat(clients.ask(b, "aio b")).isEqualTo("AIO B");
        assertThat(clients.codec.readFrame(clients.in(a))).hasSize(200_000).containsOnly((byte) 'Q');
        assertThat(clients.ask(a, "aio a")).isEqualTo("AIO A");
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 aio-server: a client that does not read is cut off at the limit (64 KiB here); B is served")
    void aioServerCutsOffClientThatDoesNotRead() throws Exception {
        GuardedSelectorEchoServer.Limits limits = GuardedSelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(64 * 1024)
                .withSendBufferBytes(8 * 1024).withWriteTimeout(Duration.ofMillis(200));
        AioEchoServer server = clients.closeLater(new AioEchoServer(ANY_PORT, clients.codec, limits, log::add).start());
        Socket b = clients.connect(server.address());
        Socket slow = clients.connect(server.address(), 8 * 1024);

        byte[] body = new byte[1024];
        Clients.inBackground(() -> { // fails part way, once the server has closed this client
            OutputStream out = new BufferedOutputStream(slow.getOutputStream(), 64 * 1024);
            for (int i = 0; i < 1024; i++) {
                clients.codec.writeFrame(out, body);
            }
        });

        soon().until(() -> !log.isEmpty());
        assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:" + slow.getLocalPort()
                + ": cut off: \\d+ bytes of replies waiting, none taken for 200 ms \\(it sends but does not read\\)");
        assertThat(clients.ask(b, "still served")).isEqualTo("STILL SERVED");
    }

    private static byte[] big(int bytes) {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    @Test
    @DisplayName("§7 reproduces, on aio-server: a queue limit below the frame limit cuts off a client that reads, for its legal 8 MiB reply")
    void reproducesAioCuttingOffReadingClientForBigLegalReply() throws Exception {
        GuardedSelectorEchoServer.Limits cutOff = GuardedSelectorEchoServer.Limits.DEFAULT.withSendBufferBytes(8 * 1024)
                .withOverQueueLimit(GuardedSelectorEchoServer.OverQueueLimit.CUT_OFF);
        AioEchoServer server = clients.closeLater(new AioEchoServer(ANY_PORT, clients.codec, cutOff, log::add).start());
        Socket reader = clients.connect(server.address());

        clients.codec.writeFrame(reader.getOutputStream(), big(8 * 1024 * 1024));

        assertThatThrownBy(() -> clients.codec.readFrame(clients.in(reader))) // it reads at once, and still
                .isInstanceOf(IOException.class);
        soon().until(() -> !log.isEmpty());
        assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:" + reader.getLocalPort()
                + ": cut off: \\d+ bytes of replies waiting, above the limit of 1048576");
    }

    @Test
    @DisplayName("§7 fix, on aio-server: above the limit the next read waits instead: 8 MiB and 16 MiB replies come back whole")
    void fixesAioBigLegalRepliesByPausingReads() throws Exception {
        // The system's socket buffers here: with 8 KiB ones, 32 MiB take some 20 s on loopback.
        AioEchoServer server = clients.closeLater(
                new AioEchoServer(ANY_PORT, clients.codec, GuardedSelectorEchoServer.Limits.DEFAULT, log::add).start());
        Socket reader = clients.connect(server.address());
        int[] sizes = {8 * 1024 * 1024, 16 * 1024 * 1024};

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
        assertThat(log).isEmpty();
    }
}
