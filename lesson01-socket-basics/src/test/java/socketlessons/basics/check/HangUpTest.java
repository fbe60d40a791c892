package socketlessons.basics.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the checker leaves a server it will talk to again. It often reads only the first byte of
 * an answer ("the server said something"); a plain close then leaves the rest unread, and the
 * kernel resets the connection (RST) instead of ending it: a student's server whose recv or
 * send raises ConnectionResetError (WinError 10054 on Windows) ends before the next client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("check: the checker hangs up without resetting the student's server")
class HangUpTest {

    private static final byte[] WELCOME = "welcome: you are one of us\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BYE = "bye\n".getBytes(StandardCharsets.UTF_8);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    @DisplayName("§1.3 close() with bytes unread resets the connection: the server reading to the end and saying goodbye meets an error")
    void reproducesResetByClosingWithBytesUnread() throws Exception {
        try (ServerSocket listener = listener(); Socket client = new Socket()) {
            client.connect(listener.getLocalSocketAddress());
            try (Socket server = listener.accept()) {
                server.getOutputStream().write(WELCOME);
                assertThat(client.getInputStream().read()).isEqualTo('w'); // the first byte, the rest unread
                client.close();

                // Linux shows the end first (read returns -1), then fails a send; Windows fails the read itself.
                await().atMost(Duration.ofSeconds(30)).until(() -> failsReadingToTheEndOrSaying(server, BYE));
            }
        }
    }

    @Test
    @DisplayName("§1.3 hangUp reads to the server's end before closing: the server sees the end, says goodbye, and serves the next client")
    void fixesResetByReadingToTheEndBeforeClosing() throws Exception {
        try (ServerSocket listener = listener()) {
            Future<List<String>> errors = executor.submit(() -> serveTwoClients(listener));
            try (Session session = new Session((InetSocketAddress) listener.getLocalSocketAddress(), Duration.ofSeconds(20),
                    Duration.ofSeconds(20), null, null, null)) {
                for (int client = 1; client <= 2; client++) {
                    Socket socket = session.connect();
                    assertThat(session.read(socket, 1, "a welcome")).containsExactly('w');
                    session.hangUp(socket);
                    assertThat(socket.isClosed()).isTrue();
                }
            }
            assertThat(errors.get()).as("errors the server met").isEmpty();
        }
    }

    private static ServerSocket listener() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** A course server's conversation: the welcome, read until the client's end, a goodbye, close; the errors it met. */
    private static List<String> serveTwoClients(ServerSocket listener) throws IOException {
        List<String> errors = new ArrayList<>();
        for (int client = 1; client <= 2; client++) {
            try (Socket server = listener.accept()) {
                server.getOutputStream().write(WELCOME);
                if (failsReadingToTheEndOrSaying(server, BYE)) {
                    errors.add("client " + client + ": reset");
                }
            }
        }
        return errors;
    }

    /** Reads until the end, then sends {@code goodbye}: true when either fails (the connection was reset). */
    private static boolean failsReadingToTheEndOrSaying(Socket server, byte[] goodbye) {
        try {
            InputStream in = server.getInputStream();
            while (in.read() != -1) {
                // what the client said: nothing in these tests
            }
            server.getOutputStream().write(goodbye);
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
