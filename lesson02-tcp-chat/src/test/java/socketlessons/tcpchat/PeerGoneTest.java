package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The classroom bug: the course's loop has no case for a peer that has gone. Each
 * reproduction drives {@link NaiveChatLoop} on the server end of one connection whose client
 * end the test closes in a chosen way; each fix serves the same kind of client with
 * {@link ChatServer} and then serves the next one.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§4.2 a peer that has gone: b'', end of stream, reset")
class PeerGoneTest {

    private static BufferedReader keyboard(String lines) {
        return new BufferedReader(new StringReader(lines));
    }

    @Test
    @DisplayName("§4.2 classroom bug: the peer half-closes, recv returns b'' every time, and the loop prints empty messages forever (1,000 of 1,000 turns)")
    void reproducesEmptyMessagesForeverAfterPeerHalfCloses() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = ChatFixture.connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            client.shutdownOutput(); // FIN: the client has nothing more to say, but still reads
            StringWriter screen = new StringWriter();

            int empty = NaiveChatLoop.run(conn, keyboard("ok\n".repeat(1000)), new PrintWriter(screen, true), 1000);

            assertThat(empty).as("empty messages in 1000 turns: it would never stop by itself").isEqualTo(1000);
            assertThat(screen.toString().lines().distinct()).as("every line printed is empty").containsExactly("");
            assertThat(new String(client.getInputStream().readNBytes(2000), StandardCharsets.US_ASCII))
                    .as("and every answer reached a client that no longer speaks").isEqualTo("ok".repeat(1000));
        }
    }

    @Test
    @DisplayName("§4.2 classroom bug: the peer closes for good: an empty message, then an answer fails with Broken pipe and the loop dies (Python: BrokenPipeError)")
    @SuppressWarnings("try") // closing the client inside the block is the point
    void reproducesNaiveLoopDyingWhenPeerCloses() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = ChatFixture.connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            client.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
            client.close(); // FIN; the kernel answers anything sent to it afterwards with a RST
            StringWriter screen = new StringWriter();

            assertThatThrownBy(() -> NaiveChatLoop.run(conn, keyboard("ok\n".repeat(100)), new PrintWriter(screen, true), 100))
                    .isInstanceOf(SocketException.class)
                    // Linux and macOS: Broken pipe. Windows reports the peer's RST on the next
                    // read instead: Connection reset, or "Software caused connection abort" (10053)
                    .hasMessageMatching("Broken pipe|Connection reset|Software caused connection abort.*");
            assertThat(screen.toString().replace(System.lineSeparator(), "\n"))
                    .as("hi, then at least one empty message").startsWith("hi\n\n").matches("hi\n\n+");
        }
    }

    @Test
    @DisplayName("§4.2 classroom bug: the peer resets (SO_LINGER 0): the loop dies with Connection reset (Python on Windows: WinError 10054)")
    @SuppressWarnings("try") // closing the client inside the block is the point
    void reproducesNaiveLoopDyingOnReset() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = ChatFixture.connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            client.setSoLinger(true, 0);
            client.close(); // RST, not FIN: what Windows often does when a client window is killed

            assertThatThrownBy(() -> NaiveChatLoop.run(conn, keyboard("ok\n"), new PrintWriter(new StringWriter(), true), 10))
                    .isInstanceOf(SocketException.class)
                    .hasMessage("Connection reset");
        }
    }

    @Test
    @DisplayName("§4.2 fix: end of stream ends that conversation (no empty message), and the server serves the next client")
    void fixesEndOfStreamByEndingTheConversation() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\nhi again\n", 2)) {
            try (Socket leaving = fixture.connect()) {
                LineWire wire = new LineWire(leaving);
                wire.send("bye, without q");
                assertThat(wire.receive()).isEqualTo("hi");
            } // closes: FIN, and the server's read returns -1

            try (Socket next = fixture.connect()) {
                LineWire wire = new LineWire(next);
                wire.send("next client");
                assertThat(wire.receive()).isEqualTo("hi again");
            }
            fixture.awaitServed();
            assertThat(fixture.screen()).contains("ended: the other side closed the connection").doesNotContain("\n\n");
        }
    }

    @Test
    @DisplayName("§4.2 fix: a reset (SO_LINGER 0; WinError 10054 on Windows) ends that conversation, and the server serves the next client")
    void fixesResetByEndingTheConversation() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\nhi again\n", 2)) {
            Socket resetting = fixture.connect();
            LineWire resettingWire = new LineWire(resetting);
            resettingWire.send("about to vanish");
            assertThat(resettingWire.receive()).isEqualTo("hi"); // the server now waits in read
            resetting.setSoLinger(true, 0);
            resetting.close(); // RST, not FIN

            try (Socket next = fixture.connect()) {
                LineWire wire = new LineWire(next);
                wire.send("next client");
                assertThat(wire.receive()).isEqualTo("hi again");
            }
            fixture.awaitServed();
            assertThat(fixture.screen()).contains("(Connection reset)\nconversation with ", "ended: the connection was reset");
        }
    }
}
