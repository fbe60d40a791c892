package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay's tap (lesson06's SniffingRelay is this relay with a tap): it sees what passes, both ways, in order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§6.1 the relay's tap: each chunk shown as it passes, both ways; the relay keeps none")
class RelayTapTest {

    @Test
    @DisplayName("§6.1 an unsliced relay with a tap: the server gets the bytes as sent, the tap sees each direction's bytes in order")
    void tapSeesBothDirectionsInOrder() throws Exception {
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        List<String> errors = new CopyOnWriteArrayList<>();
        byte[] request = "你好, relay".getBytes(StandardCharsets.UTF_8);
        byte[] answer = "hello back".getBytes(StandardCharsets.UTF_8);
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ResegmentingRelay relay = ResegmentingRelay.tapping(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     (InetSocketAddress) upstream.getLocalSocketAddress(), 4,
                     (server, chunk) -> {
                         synchronized (this) {
                             (server ? toServer : toClient).writeBytes(chunk);
                         }
                     }, errors::add);
             Socket sk = new Socket()) {
            sk.connect(relay.address(), 5_000);
            sk.setSoTimeout(10_000);
            try (Socket conn = upstream.accept()) {
                conn.setSoTimeout(10_000);
                sk.getOutputStream().write(request);
                sk.shutdownOutput();
                assertThat(conn.getInputStream().readAllBytes()).isEqualTo(request);
                conn.getOutputStream().write(answer);
            }
            assertThat(sk.getInputStream().readAllBytes()).isEqualTo(answer);
            relay.awaitEndedConnections(1);
        }
        synchronized (this) {
            assertThat(toServer.toByteArray()).isEqualTo(request);
            assertThat(toClient.toByteArray()).isEqualTo(answer);
        }
        assertThat(errors).isEmpty();
    }
}
