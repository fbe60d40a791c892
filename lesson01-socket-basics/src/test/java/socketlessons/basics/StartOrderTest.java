package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§1.3 启动顺序: start the server first")
class StartOrderTest {

    /** A port that was free a moment ago: the kernel picked it for us, and we let it go. */
    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    @Test
    @DisplayName("§1.3 client before server: connect fails with ConnectException: Connection refused")
    void reproducesConnectionRefusedWhenNoServerListens() throws Exception {
        int port = freePort();

        assertThatThrownBy(() -> new HelloClient(Connector.once()).talk("127.0.0.1", port))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Connection refused");
    }

    @Test
    @DisplayName("§1.3 fix: a client with --retry waits, backing off, until the server is up")
    void fixesStartOrderWithRetryingClient() throws Exception {
        int port = freePort();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch refusedOnce = new CountDownLatch(1);
        Connector connector = new Connector(Duration.ofSeconds(30), line -> {
            log.add(line);
            refusedOnce.countDown();
        });

        CompletableFuture<String> greeting = CompletableFuture.supplyAsync(() -> {
            try {
                return new HelloClient(connector).talk("127.0.0.1", port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The client has been refused at least once: only now does the server start.
        assertThat(refusedOnce.await(10, TimeUnit.SECONDS)).isTrue();
        try (HelloServer server = new HelloServer("127.0.0.1", port)) {
            assertThat(server.serveOne()).isEqualTo("byebye");
        }

        assertThat(greeting.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(log.get(0)).startsWith("no server on 127.0.0.1:" + port + " yet (Connection refused); retrying in 100 ms");
    }

    @Test
    @DisplayName("§1.3 fix: --retry gives up with the same ConnectException when no server comes")
    void retryingClientGivesUpAfterItsDeadline() throws Exception {
        int port = freePort();
        Connector connector = new Connector(Duration.ofMillis(350), line -> { });

        assertThatThrownBy(() -> connector.connect("127.0.0.1", port))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Connection refused");
    }
}
