package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("Deadlines: a time limit for a whole step, which a blocked write cannot escape")
class DeadlinesTest {

    @Test
    @DisplayName("a write to a peer that never reads is ended at the deadline: the socket is closed, expired() says why")
    void endsWriteBlockedOnPeerThatDoesNotRead() throws Exception {
        try (ServerSocket listener = new ServerSocket();
                Deadlines deadlines = new Deadlines("test")) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(4096);
                client.connect(listener.getLocalSocketAddress());
                try (Socket conn = listener.accept()) {
                    Deadlines.Deadline deadline = deadlines.start(conn, Duration.ofMillis(300));
                    OutputStream out = conn.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    // The client never reads: the buffers fill, write blocks, only the deadline ends it.
                    assertThatThrownBy(() -> {
                        while (true) {
                            out.write(chunk);
                        }
                    }).isInstanceOf(SocketException.class);
                    assertThat(deadline.expired()).isTrue();
                    assertThat(conn.isClosed()).isTrue();
                }
            }
        }
    }

    @Test
    @DisplayName("a step done in time: closing its deadline leaves the connection open")
    void stepDoneInTimeKeepsConnection() throws IOException {
        try (Deadlines deadlines = new Deadlines("test"); Socket socket = new Socket()) {
            Deadlines.Deadline deadline = deadlines.start(socket, Duration.ofMillis(100));
            deadline.close();
            Deadlines.Deadline never = deadlines.start(socket, Duration.ZERO);
            never.close();
            // Another deadline on the same timer fires after the cancelled one would have.
            Deadlines.Deadline later = deadlines.start(new Socket(), Duration.ofMillis(150));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(later::expired);

            assertThat(deadline.expired()).isFalse();
            assertThat(never.expired()).isFalse();
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    @DisplayName("a deadline started after the timer stopped (the server is closing) has already run out")
    void deadlineAfterCloseHasRunOut() throws IOException {
        Deadlines deadlines = new Deadlines("test");
        deadlines.close();
        try (Socket socket = new Socket()) {
            Deadlines.Deadline late = deadlines.start(socket, Duration.ofSeconds(10));

            assertThat(late.expired()).isTrue();
            assertThat(socket.isClosed()).isTrue();
        }
    }
}
