package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static socketlessons.nonblocking.Clients.ANY_PORT;

import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§4.3 通信占用 again: one client at a time, and one thread serving two at once")
class OccupiedServerTest {

    @AutoClose
    final Clients clients = new Clients();
    final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    @DisplayName("§4.3 通信占用: a blocking one-at-a-time server leaves B unanswered while A stays connected")
    void reproducesSecondClientUnansweredWhileFirstIsConnected() throws Exception {
        BlockingEchoServer server = clients.closeLater(new BlockingEchoServer(ANY_PORT, clients.codec, log::add).start());
        Socket a = clients.connect(server.address());
        assertThat(clients.ask(a, "a")).isEqualTo("A");

        Socket b = clients.connect(server.address()); // succeeds: the kernel's backlog took the handshake
        clients.send(b, "b");
        b.setSoTimeout(200);
        // The server's one thread is blocked in A's read and will stay there until A goes:
        // no timing makes B's answer come early.
        assertThatThrownBy(() -> clients.in(b).read()).isInstanceOf(SocketTimeoutException.class);

        a.close(); // A quits: only now does the server accept B
        b.setSoTimeout(10_000);
        assertThat(clients.receive(b)).isEqualTo("B");
    }

    @Test
    @DisplayName("§7 fix: one selector thread serves A and B at once, each in the middle of its own message")
    void fixesOccupiedServerWithOneSelectorThread() throws Exception {
        SelectorEchoServer server = clients.closeLater(
                new SelectorEchoServer(ANY_PORT, clients.codec, 0, log::add).start());
        Socket a = clients.connect(server.address());
        Socket b = clients.connect(server.address());

        byte[] hello = "hello from a".getBytes(StandardCharsets.UTF_8);
        OutputStream toServer = a.getOutputStream();
        toServer.write(Clients.header(hello.length));
        toServer.write(hello, 0, 5); // A stops in the middle of its frame...

        assertThat(clients.ask(b, "b, served meanwhile")).isEqualTo("B, SERVED MEANWHILE"); // ...and B is served

        toServer.write(hello, 5, hello.length - 5);
        assertThat(clients.receive(a)).isEqualTo("HELLO FROM A");
        assertThat(clients.ask(b, "b again")).isEqualTo("B AGAIN");
        assertThat(server.stats().clients()).isEqualTo(2);
        assertThat(log).isEmpty();
    }
}
