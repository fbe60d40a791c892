package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static socketlessons.socketserver.Fixture.ANY_PORT;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    /** Serves one client that the server hangs up on, then shuts down: returns the port, held by a connection in TIME_WAIT. */
    private int portWithConnectionInTimeWait(boolean allowReuseAddress) throws Exception {
        TcpServer first = fixture.serving(new TcpServer(ANY_PORT, ReuseAddressTest::hangUp,
                new TcpServer.Options().allowReuseAddress(allowReuseAddress), fixture.log::add));
        try (LineClient client = new LineClient(first.address())) {
            assertThat(client.readLine()).as("the server's FIN").isNull();
        }
        first.shutdown();
        return first.address().getPort();
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
