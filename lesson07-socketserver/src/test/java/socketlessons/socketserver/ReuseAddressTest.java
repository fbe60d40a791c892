package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static socketlessons.socketserver.Fixture.ANY_PORT;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 allow_reuse_address: restarting a server on its port")
class ReuseAddressTest {

    private final Fixture fixture = new Fixture();

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    /** A handler that hangs up at once: the server closes first, so its end of the connection goes to TIME_WAIT. */
    private static BaseRequestHandler<Socket> hangUp() {
        return new BaseRequestHandler<>() {
            @Override
            protected void handle() {
            }
        };
    }

    /**
     * Serves one client that the server hangs up on, then closes: returns the port, held by a
     * connection in TIME_WAIT. On Linux it waits until the kernel lists that TIME_WAIT (under
     * load the kernel may also drop TIME_WAIT entries early: then it starts again on a new port),
     * so the assertion that follows is about a port that is certainly held.
     */
    private int portWithConnectionInTimeWait(boolean allowReuseAddress) throws Exception {
        for (int attempt = 1; ; attempt++) {
            TcpServer first = fixture.serving(new TcpServer(ANY_PORT, ReuseAddressTest::hangUp,
                    new TcpServer.Options().allowReuseAddress(allowReuseAddress), fixture.log::add));
            try (LineClient client = new LineClient(first.address())) {
                assertThat(client.readLine()).as("the server's FIN").isNull();
            } // our FIN: the server's side goes from FIN_WAIT_2 to TIME_WAIT
            first.close();
            int port = first.address().getPort();
            if (!OS.LINUX.isCurrentOs() || awaitTimeWait(port)) {
                return port;
            }
            assertThat(attempt).as("a TIME_WAIT on the server's port, in 5 attempts").isLessThan(5);
        }
    }

    /**
     * Linux: whether /proc/net/tcp lists a connection in TIME_WAIT (state 06) on this local port, and
     * no listening socket (0A) there any more, within 5 s. A child process that another test starts
     * meanwhile gets a copy of each descriptor of this JVM (Java's sockets are not close-on-exec) and
     * holds it until it runs its program: until then the closed server's port still listens.
     */
    private static boolean awaitTimeWait(int port) {
        String localPort = String.format(":%04X", port); // local_address is HEXIP:HEXPORT
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                List<String[]> onPort = new java.util.ArrayList<>();
                for (int read = 0; read < 2; read++) { // a read of a table may miss a line that moves while it is read
                    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                        Path path = Path.of(table);
                        if (Files.exists(path)) {
                            Files.readAllLines(path).stream().skip(1).map(String::trim).map(line -> line.split("\\s+"))
                                    .filter(f -> f[1].endsWith(localPort)).forEach(onPort::add);
                        }
                    }
                }
                return onPort.stream().anyMatch(f -> f[3].equals("06")) && onPort.stream().noneMatch(f -> f[3].equals("0A"));
            });
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @DisplayName("§9 allowReuseAddress(false), Python's default: a restart on the same port fails while a connection is in TIME_WAIT")
    void reproducesRestartFailingWithoutAllowReuseAddress() throws Exception {
        int port = portWithConnectionInTimeWait(false);

        assertThatThrownBy(() -> new TcpServer(new InetSocketAddress("127.0.0.1", port), ReuseAddressTest::hangUp,
                new TcpServer.Options().allowReuseAddress(false), fixture.log::add))
                .isInstanceOf(BindException.class).hasMessageContaining("Address already in use");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @DisplayName("§9 fix: allowReuseAddress(true), our default on Linux and macOS: the restart binds the same port at once")
    void fixesRestartWithAllowReuseAddress() throws Exception {
        assertThat(new TcpServer.Options().allowReuseAddress()).as("the default here").isTrue();
        int port = portWithConnectionInTimeWait(true);

        try (TcpServer restarted = new TcpServer(new InetSocketAddress("127.0.0.1", port), ReuseAddressTest::hangUp,
                new TcpServer.Options(), fixture.log::add)) {
            assertThat(restarted.address().getPort()).isEqualTo(port);
        }
    }
}
