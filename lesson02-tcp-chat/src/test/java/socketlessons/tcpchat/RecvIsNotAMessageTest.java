package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The course takes one {@code recv(1024)} for one message. Certain timing: the reader reads
 * only once every byte sent has arrived ({@code available()} covers them), so what one read
 * returns depends on the bytes alone, never on luck.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§4.2 one recv(1024) is not one message (lesson04 has the general fix)")
class RecvIsNotAMessageTest {

    private ServerSocket sk;
    private Socket client;
    private Socket conn;

    @BeforeEach
    void connect() throws IOException {
        sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        client = ChatFixture.connect(sk.getLocalPort());
        conn = sk.accept();
        conn.setSoTimeout(10_000);
    }

    @AfterEach
    void close() throws IOException {
        conn.close();
        client.close();
        sk.close();
    }

    private void awaitArrived(int bytes) {
        await().atMost(Duration.ofSeconds(5)).until(() -> conn.getInputStream().available() == bytes);
    }

    @Test
    @DisplayName("§4.2 the course's recv(1024): a 3,000-byte Chinese message takes three reads, and the two characters at the cuts are destroyed")
    void reproducesLongMessageCutByOneRead() throws Exception {
        String longMessage = "长".repeat(1000); // 3 bytes each in UTF-8: 3,000 bytes
        new CourseWire(client).send(longMessage);
        awaitArrived(3000);

        CourseWire reader = new CourseWire(conn);
        List<String> reads = new ArrayList<>(List.of(reader.receive(), reader.receive(), reader.receive()));

        // 1024 = 341 × 3 + 1: the 342nd character is cut after its first byte, and shown as �
        assertThat(reads.get(0)).isEqualTo("长".repeat(341) + "\uFFFD");
        assertThat(reads.get(1)).as("the rest comes as the next 'message', out of step").startsWith("\uFFFD");
        assertThat(String.join("", reads).chars().filter(c -> c == '长').count()).isEqualTo(998);
    }

    @Test
    @DisplayName("§4.2 fix here: reading up to the newline gives back the 3,000-byte message whole")
    void fixesLongMessageWithWholeLines() throws Exception {
        String longMessage = "长".repeat(1000);
        new LineWire(client).send(longMessage);

        assertThat(new LineWire(conn).receive()).isEqualTo(longMessage);
    }

    @Test
    @DisplayName("§4.2 the course's recv(1024): two messages sent before the other side reads come out as one, and the q is lost in it")
    void reproducesTwoMessagesGluedByOneRead() throws Exception {
        CourseWire wire = new CourseWire(client);
        wire.send("hello");
        wire.send("q");
        awaitArrived(6);

        String msg = new CourseWire(conn).receive();

        assertThat(msg).isEqualTo("helloq");
        assertThat(ChatSession.isQuit(msg)).as("'helloq'.upper() == 'Q' is false: the quit is missed").isFalse();
    }

    @Test
    @DisplayName("§4.2 fix here: with whole lines the two messages stay two, and the q is seen")
    void fixesGluedMessagesWithWholeLines() throws Exception {
        LineWire wire = new LineWire(client);
        wire.send("hello");
        wire.send("q");
        awaitArrived(8);

        LineWire reader = new LineWire(conn);
        assertThat(reader.receive()).isEqualTo("hello");
        assertThat(ChatSession.isQuit(reader.receive())).isTrue();
    }

    @Test
    @DisplayName("§4.2 fix here: Chinese read one byte per read still comes out whole (bytes are decoded only once the line is complete)")
    void fixesChineseCutBetweenReadsByDecodingWholeLines() throws Exception {
        new LineWire(client).send("你好，世界");
        InputStream oneBytePerRead = new FilterInputStream(conn.getInputStream()) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        assertThat(new LineWire(oneBytePerRead, conn.getOutputStream()).receive()).isEqualTo("你好，世界");
    }

    @Test
    @DisplayName("§4.2 the course's empty input: send(b'') sends no byte at all, so the other side waits and both are stuck")
    void reproducesEmptyInputSendingNothing() throws Exception {
        new CourseWire(client).send(""); // the student pressed Enter on an empty line

        conn.setSoTimeout(300);
        assertThatThrownBy(() -> new CourseWire(conn).receive()).as("nothing to read: the server keeps waiting")
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(conn.getInputStream().available()).isZero();
    }

    @Test
    @DisplayName("§4.2 fix here: an empty line is a newline on the wire, so it arrives as an empty message")
    void fixesEmptyInputWithWholeLines() throws Exception {
        new LineWire(client).send("");

        assertThat(new LineWire(conn).receive()).isEmpty();
    }

    @Test
    @DisplayName("§4.2 why lines are not enough in general: a message cannot contain a newline (lesson04: a length prefix)")
    void refusesMessageContainingNewline() {
        assertThatThrownBy(() -> new LineWire(client).send("two\nlines"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a chat line cannot contain a newline");
    }
}
