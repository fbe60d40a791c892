package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§1.3 端口占用: a port in use")
class PortInUseTest {

    @Test
    @DisplayName("§1.3 a second server on a port in use: BindException: Address already in use")
    void reproducesBindExceptionWhenPortIsTaken() throws Exception {
        try (HelloServer first = new HelloServer("127.0.0.1", 0)) {
            int port = first.address().getPort();

            assertThatThrownBy(() -> new HelloServer("127.0.0.1", port))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    @DisplayName("§1.3 fix: port 0 lets the kernel pick a free port, so two servers both start")
    void fixesPortInUseWithPortZero() throws Exception {
        try (HelloServer first = new HelloServer("127.0.0.1", 0);
             HelloServer second = new HelloServer("127.0.0.1", 0)) {
            assertThat(first.address().getPort()).isPositive();
            assertThat(second.address().getPort()).isPositive().isNotEqualTo(first.address().getPort());
        }
    }

    @Test
    @DisplayName("§1.3 fix: once the first server has closed, the same port binds again")
    void fixesPortInUseByStoppingTheOtherServer() throws Exception {
        int port;
        try (HelloServer first = new HelloServer("127.0.0.1", 0)) {
            port = first.address().getPort();
        }
        try (HelloServer again = new HelloServer("127.0.0.1", port)) {
            assertThat(again.address().getPort()).isEqualTo(port);
        }
    }

    /**
     * The server closed a connection first, so that connection waits in TIME_WAIT on the
     * server's port. Without SO_REUSEADDR, Linux and macOS refuse to bind the port again
     * until TIME_WAIT ends (a minute or so): the "restart my server" annoyance.
     */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @DisplayName("§2.1 TIME_WAIT: restarting a server without SO_REUSEADDR fails while an old connection waits")
    void reproducesRestartFailingDuringTimeWaitWithoutReuseAddress() throws Exception {
        int port = portWithConnectionInTimeWait(false);

        try (ServerSocket restarted = new ServerSocket()) {
            restarted.setReuseAddress(false);
            assertThatThrownBy(() -> restarted.bind(new InetSocketAddress("127.0.0.1", port)))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @DisplayName("§2.1 fix: with SO_REUSEADDR on both runs (Java's default on Linux and macOS) the restart binds at once")
    void fixesRestartDuringTimeWaitWithReuseAddress() throws Exception {
        int port = portWithConnectionInTimeWait(true);

        try (ServerSocket restarted = new ServerSocket()) {
            restarted.setReuseAddress(true);
            restarted.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(restarted.getLocalPort()).isEqualTo(port);
        }
        try (ServerSocket fresh = new ServerSocket()) {
            assertThat(fresh.getReuseAddress()).as("Java's default on this OS").isTrue();
        }
    }

    /**
     * Runs a server whose side closes first, then stops it: returns its port, now held by a
     * connection in TIME_WAIT. Linux lets a new socket share the port only if the new socket
     * and the old one both set SO_REUSEADDR (the accepted connection inherits it from sk).
     */
    private static int portWithConnectionInTimeWait(boolean reuseAddress) throws Exception {
        try (ServerSocket sk = new ServerSocket()) {
            sk.setReuseAddress(reuseAddress);
            sk.bind(new InetSocketAddress("127.0.0.1", 0));
            try (Socket client = new Socket("127.0.0.1", sk.getLocalPort())) {
                Socket conn = sk.accept();
                conn.close(); // the server closes first: its end goes to TIME_WAIT
                InputStream in = client.getInputStream();
                assertThat(in.read()).as("the client sees the server's FIN").isEqualTo(-1);
            } // the client closes second: its end goes straight to CLOSED
            return sk.getLocalPort();
        }
    }
}
