package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * §4.3 通信占用: a second client while the server talks to the first. Certain timing: B
 * connects only after A has been answered, so the server's one thread is provably inside A's
 * conversation (blocked reading A) and has accepted A alone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§4.3 通信占用: one client at a time")
class OccupiedServerTest {

    @Test
    @DisplayName("§4.3 通信占用 (fixed in lesson05 and lesson07): B's connect succeeds thanks to the backlog, but B gets no answer until A quits")
    void reproducesSecondClientWaitingUntilFirstQuitsFixedInLesson05AndLesson07() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hello A\nhello B\n", 2);
             Socket a = fixture.connect()) {
            LineWire aWire = new LineWire(a);
            aWire.send("I am A");
            assertThat(aWire.receive()).isEqualTo("hello A"); // the server now waits for A's next line

            try (Socket b = fixture.connect()) {
                assertThat(b.isConnected()).as("B's connect returned: the kernel finished the handshake").isTrue();
                LineWire bWire = new LineWire(b);
                bWire.send("I am B");
                assertThat(fixture.server.accepted()).as("accept() has taken A only; B waits in the backlog").isEqualTo(1);
                b.setSoTimeout(300);
                assertThatThrownBy(() -> b.getInputStream().read()).as("no answer for B while A talks")
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(fixture.screen()).doesNotContain("I am B");

                b.setSoTimeout(10_000);
                aWire.send("q");

                assertThat(bWire.receive()).as("answered once A has quit").isEqualTo("hello B");
                assertThat(fixture.server.accepted()).isEqualTo(2);
                assertThat(fixture.screen()).as("what B sent while it waited was kept by the kernel")
                        .contains("I am B");
            }
        }
    }

    @Test
    @DisplayName("§4.3 the §4.2 server serves one client and exits: B, waiting in the backlog, is reset")
    void reproducesSecondClientResetWhenOneConversationServerExits() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hello A\n", 1);
             Socket a = fixture.connect()) {
            LineWire aWire = new LineWire(a);
            aWire.send("I am A");
            assertThat(aWire.receive()).isEqualTo("hello A");
            try (Socket b = fixture.connect()) {
                new LineWire(b).send("I am B");
                aWire.send("q");
                fixture.awaitServed();
                fixture.server.close(); // the end of §4.2's server.py: sk.close()

                assertThatThrownBy(() -> b.getInputStream().read())
                        .as("the kernel resets the connections nobody accepted")
                        .isInstanceOf(SocketException.class)
                        .hasMessage("Connection reset");
                assertThat(fixture.screen()).doesNotContain("I am B");
            }
        }
    }

    @Test
    @DisplayName("§4.3 fix (循环嵌套, the outer loop): once A quits, the server accepts B and answers what B sent while it waited")
    void fixesDroppedSecondClientWithOuterLoop() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hello A\nhello B\n", 0);
             Socket a = fixture.connect();
             Socket b = fixture.connect()) {
            LineWire aWire = new LineWire(a);
            LineWire bWire = new LineWire(b);
            bWire.send("I am B, waiting");
            aWire.send("I am A");
            assertThat(aWire.receive()).isEqualTo("hello A");
            aWire.send("q");

            assertThat(bWire.receive()).isEqualTo("hello B");
            assertThat(fixture.screen()).containsSubsequence("I am A", "ended: the other side said q", "I am B, waiting");
        }
    }
}
