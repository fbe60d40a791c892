package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static socketlessons.nonblocking.Clients.ANY_PORT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A smoke run and an error count; the figures themselves are bench.sh's, in the README. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§7 load: many connections from one selector thread, answers checked, errors counted")
class LoadClientTest {

    @AutoClose
    final Clients clients = new Clients();
    final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    @DisplayName("§7 load: 200 connections against the selector server, every answer right, no errors")
    void loadAgainstSelectorServerHasNoErrors() throws Exception {
        GuardedSelectorEchoServer server = clients.closeLater(
                new GuardedSelectorEchoServer(ANY_PORT, clients.codec, GuardedSelectorEchoServer.Limits.DEFAULT, log::add).start());

        // Ten messages per connection, every answer counted until all 2,000 are in: however slow
        // the machine, not a count inside a time window.
        LoadClient.Result result = LoadClient.counting(server.address(), 200, 10, new LoadClient.Window() { }).run();

        assertThat(result.connected()).isEqualTo(200);
        assertThat(result.errors()).as(result.toString()).isZero();
        assertThat(result.messages()).isEqualTo(2_000);
        assertThat(result.p50Micros()).isPositive().isLessThanOrEqualTo(result.p99Micros());
        assertThat(result.p99Micros()).isLessThanOrEqualTo(result.maxMicros());
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 load counts errors: a server that hangs up on everyone gives one error per connection")
    void loadCountsAnErrorPerConnectionClosedByTheServer() throws Exception {
        ServerSocket hangsUp = clients.closeLater(new ServerSocket());
        hangsUp.bind(ANY_PORT, 100);
        Thread acceptor = new Thread(() -> {
            while (!hangsUp.isClosed()) {
                try (Socket conn = hangsUp.accept()) {
                    conn.getInputStream().readNBytes(4 + LoadClient.BODY_BYTES); // the whole request; then close, no answer
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();

        LoadClient.Result result = new LoadClient((InetSocketAddress) hangsUp.getLocalSocketAddress(), 20, 0, 20).run();

        assertThat(result.connected()).isEqualTo(20);
        assertThat(result.errors()).isEqualTo(20);
        assertThat(result.messages()).isZero();
        assertThat(result.seconds()).as("it stops once every connection has failed").isLessThan(20);
        assertThat(result.toString()).endsWith("errors 20 (first: java.io.IOException: the server closed the connection)");
    }
}
