package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.RefusingPort;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§1.3 启动顺序: start the server first")
class StartOrderTest {

    @Test
    @DisplayName("§1.3 client before server: connect fails with ConnectException: Connection refused")
    void reproducesConnectionRefusedWhenNoServerListens() throws Exception {
        try (RefusingPort nobodyListens = RefusingPort.open()) {
            // Linux and macOS say "Connection refused", Windows "Connection refused: connect".
            assertThatThrownBy(() -> HelloClient.talk("127.0.0.1", nobodyListens.port()))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("Connection refused");
        }
    }

    @Test
    @DisplayName("§1.3 fix: a client with --retry waits, backing off, until the server is up")
    void fixesStartOrderWithRetryingClient() throws Exception {
        RefusingPort nobodyListensYet = RefusingPort.open();
        int port = nobodyListensYet.port();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch refusedOnce = new CountDownLatch(1);
        Connector connector = new Connector(Duration.ofSeconds(30), line -> {
            log.add(line);
            refusedOnce.countDown();
        });

        ExecutorService clientThread = Executors.newSingleThreadExecutor();
        try {
            Future<String> greeting = clientThread.submit(() -> {
                try (Socket sk = connector.connect("127.0.0.1", port)) {
                    return HelloClient.talk(sk);
                }
            });
            // The client has been refused at least once: only now does the server take the port.
            assertThat(refusedOnce.await(10, TimeUnit.SECONDS)).isTrue();
            nobodyListensYet.close();
            try (HelloServer server = new HelloServer("127.0.0.1", port)) {
                assertThat(server.serveOne()).isEqualTo("byebye");
            }

            assertThat(greeting.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
            assertThat(log.get(0)).isEqualTo("no server on 127.0.0.1:" + port + " yet (connection refused); retrying in 100 ms");
        } finally {
            clientThread.shutdownNow();
        }
    }

    @Test
    @DisplayName("§1.3 fix: --retry gives up with the same ConnectException when no server comes")
    void retryingClientGivesUpAfterItsDeadline() throws Exception {
        try (RefusingPort nobodyListens = RefusingPort.open()) {
            Connector connector = new Connector(Duration.ofMillis(350), line -> { });

            assertThatThrownBy(() -> connector.connect("127.0.0.1", nobodyListens.port()))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("Connection refused");
        }
    }
}
