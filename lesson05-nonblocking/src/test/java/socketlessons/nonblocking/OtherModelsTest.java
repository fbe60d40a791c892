package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static socketlessons.nonblocking.Clients.ANY_PORT;
import static socketlessons.nonblocking.Clients.soon;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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
        AioEchoServer server = clients.closeLater(new AioEchoServer(ANY_PORT, clients.codec, SelectorEchoServer.Limits.DEFAULT, log::add).start());
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
        SelectorEchoServer.Limits limits = SelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(64 * 1024).withSendBufferBytes(8 * 1024);
        AioEchoServer server = clients.closeLater(new AioEchoServer(ANY_PORT, clients.codec, limits, log::add).start());
        Socket b = clients.connect(server.address());
        Socket slow = clients.connect(server.address(), 8 * 1024);

        byte[] body = new byte[1024];
        CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = new BufferedOutputStream(slow.getOutputStream(), 64 * 1024);
                for (int i = 0; i < 1024; i++) {
                    clients.codec.writeFrame(out, body);
                }
            } catch (IOException expectedOnceCutOff) {
                // the server closed this client part way
            }
        });

        soon().until(() -> !log.isEmpty());
        assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:" + slow.getLocalPort()
                + ": cut off: \\d+ bytes of replies waiting \\(it sends but does not read\\)");
        assertThat(clients.ask(b, "still served")).isEqualTo("STILL SERVED");
    }
}
