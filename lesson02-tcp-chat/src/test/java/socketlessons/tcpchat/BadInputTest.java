package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a stranger may send the server instead of a chat line. Each gets a clear error on the
 * server's screen (and, where it can still be said, an {@code error:} line to the client), its
 * connection closes, and the next client is served.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§4 bad input: the server ends that conversation and goes on")
class BadInputTest {

    /** The next client is served: proof that the server survived. */
    private static void assertNextClientServed(ChatFixture fixture, String answer) throws Exception {
        try (Socket next = fixture.connect()) {
            LineWire wire = new LineWire(next);
            wire.send("still there?");
            assertThat(wire.receive()).isEqualTo(answer);
        }
    }

    private static byte[] line(int bytes) {
        byte[] line = new byte[bytes + 1];
        Arrays.fill(line, (byte) 'x');
        line[bytes] = '\n';
        return line;
    }

    @Test
    @DisplayName("§4 bytes that are not UTF-8: the client is told, the connection closes, the next client is served")
    void refusesInvalidUtf8AndServesTheNextClient() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\n", 2)) {
            try (Socket garbage = fixture.connect()) {
                garbage.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
                LineWire wire = new LineWire(garbage);
                assertThat(wire.receive()).isEqualTo("error: a line that is not UTF-8 (2 bytes)");
                assertThat(wire.receive()).as("then the server closes").isNull();
            }
            assertNextClientServed(fixture, "hi");
            fixture.awaitServed();
            assertThat(fixture.screen()).contains("(a line that is not UTF-8 (2 bytes))\nconversation with ",
                    "ended: the other side sent something that is not a chat line");
        }
    }

    @Test
    @DisplayName("§4 the longest line, 65,536 bytes, is a message; one byte more is refused, the client is told, the next is served")
    void acceptsLongestLineAndRefusesOneByteMore() throws Exception {
        try (ChatFixture fixture = new ChatFixture("got it\nhi\n", 3)) {
            try (Socket longest = fixture.connect()) {
                longest.getOutputStream().write(line(LineWire.MAX_LINE_BYTES));
                assertThat(new LineWire(longest).receive()).isEqualTo("got it");
            }
            try (Socket tooLong = fixture.connect()) {
                // no newline: exactly MAX + 1 bytes, all of which the server reads before it refuses
                tooLong.getOutputStream().write(Arrays.copyOf(line(LineWire.MAX_LINE_BYTES + 1), LineWire.MAX_LINE_BYTES + 1));
                LineWire wire = new LineWire(tooLong);
                assertThat(wire.receive()).isEqualTo("error: a line longer than 65536 bytes");
                assertThat(wire.receive()).isNull();
            }
            assertNextClientServed(fixture, "hi");
            fixture.awaitServed();
            assertThat(fixture.screen()).contains("(a line longer than 65536 bytes)");
        }
    }

    @Test
    @DisplayName("§4 a peer that vanishes in the middle of a line: the half line is reported, not shown as a message; the next is served")
    void reportsPeerGoneMidLineAndServesTheNextClient() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\n", 2)) {
            try (Socket halfLine = fixture.connect()) {
                halfLine.getOutputStream().write("half a li".getBytes(StandardCharsets.UTF_8));
            }
            assertNextClientServed(fixture, "hi");
            fixture.awaitServed();
            assertThat(fixture.screen())
                    .contains("(the other side closed in the middle of a line (9 bytes without a newline))",
                            "ended: the other side closed the connection in the middle of a message")
                    .doesNotContain("half a li\n");
        }
    }

    @Test
    @DisplayName("§4 a client that types nothing holds the server: by default (as in the course) it waits, and B waits behind it")
    void reproducesSilentClientHoldingUpTheNextOne() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\n", 2);
             Socket silent = fixture.connect()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server.accepted() == 1); // it reads the silent one
            try (Socket b = fixture.connect()) {
                new LineWire(b).send("my turn?");
                b.setSoTimeout(300);
                assertThatThrownBy(() -> b.getInputStream().read()).as("B gets no answer")
                        .isInstanceOf(SocketTimeoutException.class);
                silent.setSoTimeout(1);
                assertThatThrownBy(() -> silent.getInputStream().read()).as("and the server has not hung up on the silent one")
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(fixture.server.accepted()).isEqualTo(1);
            }
        }
    }

    @Test
    @DisplayName("§4 fix: server --timeout hangs up on a client silent that long, and serves the next")
    void fixesSilentClientWithReadTimeout() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\n", 2, 200);
             Socket silent = fixture.connect();
             Socket b = fixture.connect()) {
            LineWire bWire = new LineWire(b);
            bWire.send("my turn?");

            assertThat(silent.getInputStream().read()).as("the server hung up on the silent client").isEqualTo(-1);
            assertThat(bWire.receive()).isEqualTo("hi");
            fixture.awaitServed();
            assertThat(fixture.screen()).contains("ended: the other side sent no whole message in time");
        }
    }
}
