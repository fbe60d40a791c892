package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§4 the console chat")
class ChatTest {

    private static Socket connect(int port) throws Exception {
        Socket sk = new Socket();
        sk.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
        sk.setSoTimeout(10_000);
        return sk;
    }

    @Test
    @DisplayName("§4.2 half-duplex: the client speaks first, they take turns, Chinese comes through whole, q ends it")
    void talksInTurnsAndEndsOnQ() throws Exception {
        try (ChatFixture fixture = new ChatFixture("你好，客户端\nfine\n", LineWire::new, 1, 0)) {
            StringWriter clientScreen = new StringWriter();
            ChatSession client = new ChatSession(new BufferedReader(new StringReader("你好，服务端\nhow are you?\nq\n")),
                    new PrintWriter(clientScreen, true));

            ChatSession.Ending ending = ChatClient.talk("127.0.0.1", fixture.port(), client, LineWire::new);

            assertThat(ending).isEqualTo(ChatSession.Ending.WE_QUIT);
            assertThat(clientScreen.toString()).isEqualTo(">>> 你好，客户端\n>>> fine\n>>> ".replace("\n", System.lineSeparator()));
            fixture.done.get(10, TimeUnit.SECONDS);
            assertThat(fixture.screen()).contains("你好，服务端", "how are you?", "ended: the other side said q");
        }
    }

    @Test
    @DisplayName("§4.2 q from the server ends the conversation too")
    void serverQEndsTheConversation() throws Exception {
        try (ChatFixture fixture = new ChatFixture("Q\n", LineWire::new, 1, 0)) {
            ChatSession client = new ChatSession(new BufferedReader(new StringReader("hello\nnever sent\n")), new PrintWriter(new StringWriter()));

            assertThat(ChatClient.talk("127.0.0.1", fixture.port(), client, LineWire::new)).isEqualTo(ChatSession.Ending.PEER_QUIT);
            fixture.done.get(10, TimeUnit.SECONDS);
            assertThat(fixture.screen()).contains("ended: we said q");
        }
    }

    @Test
    @DisplayName("§4.3 通信占用 (fix in lesson05/lesson07): B's connect succeeds via the backlog, but B gets no answer while A talks")
    void reproducesSecondClientWaitingUntilFirstQuitsFixedInLesson05AndLesson07() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hello A\nhello B\n", LineWire::new, 2, 0);
             Socket a = connect(fixture.port())) {
            LineWire aWire = new LineWire(a);
            aWire.send("I am A");
            assertThat(aWire.receive()).isEqualTo("hello A");

            try (Socket b = connect(fixture.port())) {
                assertThat(b.isConnected()).as("the kernel finished B's handshake").isTrue();
                new LineWire(b).send("I am B");
                // The server's only thread is inside A's conversation, waiting for A's next line.
                b.setSoTimeout(300);
                assertThatThrownBy(() -> b.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                assertThat(fixture.server.accepted()).as("accepted so far: only A").isEqualTo(1);
                assertThat(fixture.screen()).doesNotContain("I am B");
            }
        }
    }

    @Test
    @DisplayName("§4.3 outer loop: once A says q, the server accepts B and answers what B sent while it waited")
    void servesSecondClientOnceTheFirstQuits() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hello A\nhello B\n", LineWire::new, 2, 0);
             Socket a = connect(fixture.port());
             Socket b = connect(fixture.port())) {
            LineWire aWire = new LineWire(a);
            LineWire bWire = new LineWire(b);
            bWire.send("I am B, waiting");
            aWire.send("I am A");
            assertThat(aWire.receive()).isEqualTo("hello A");
            aWire.send("q");

            assertThat(bWire.receive()).isEqualTo("hello B");
            assertThat(fixture.screen()).contains("I am A", "I am B, waiting");
        }
    }

    @Test
    @DisplayName("§4.2 classroom bug: after the peer half-closes, recv returns b'' and the loop prints empty messages forever")
    void reproducesEmptyMessagesForeverAfterPeerCloses() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            client.shutdownOutput(); // FIN: the client has nothing more to say, but still reads
            StringWriter screen = new StringWriter();
            String answers = "ok\n".repeat(1000);

            int empty = NaiveChatLoop.run(conn, new BufferedReader(new StringReader(answers)), new PrintWriter(screen, true), 1000);

            assertThat(empty).as("1000 turns, 1000 empty messages: it never stops by itself").isEqualTo(1000);
            assertThat(screen.toString().lines().distinct()).containsExactly("");
        }
    }

    @Test
    @DisplayName("§4.2 classroom bug: when the peer is gone for good, the loop prints an empty message, then writing fails (Linux's form of WinError 10054)")
    void reproducesNaiveLoopCrashingWhenPeerIsGone() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            client.close();
            StringWriter screen = new StringWriter();

            assertThatThrownBy(() -> NaiveChatLoop.run(conn, new BufferedReader(new StringReader("ok\n".repeat(100))),
                    new PrintWriter(screen, true), 100))
                    .isInstanceOf(SocketException.class)
                    .hasMessageMatching("(?i).*(broken pipe|connection reset).*");
            assertThat(screen.toString()).startsWith(System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§4.2 fix: end of stream ends that conversation, and the server serves the next client")
    void fixesEndOfStreamByEndingTheConversation() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\n", LineWire::new, 2, 0)) {
            try (Socket vanishing = connect(fixture.port())) {
                assertThat(vanishing.isConnected()).isTrue(); // and closes without a word, or a q
            }
            try (Socket next = connect(fixture.port())) {
                LineWire wire = new LineWire(next);
                wire.send("next client");
                assertThat(wire.receive()).isEqualTo("hi");
            }
            fixture.done.get(10, TimeUnit.SECONDS);
            assertThat(fixture.screen()).contains("ended: the other side closed the connection");
        }
    }

    @Test
    @DisplayName("§4.2 fix: a reset (SO_LINGER 0, WinError 10054 on Windows) ends that conversation, and the next client is served")
    void fixesResetByEndingTheConversation() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\nhi\n", LineWire::new, 2, 0)) {
            Socket resetting = connect(fixture.port());
            new LineWire(resetting).send("about to vanish");
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.screen().contains("about to vanish"));
            resetting.setSoLinger(true, 0);
            resetting.close(); // RST, not FIN

            try (Socket next = connect(fixture.port())) {
                LineWire wire = new LineWire(next);
                wire.send("next client");
                assertThat(wire.receive()).isEqualTo("hi");
            }
            fixture.done.get(10, TimeUnit.SECONDS);
            assertThat(fixture.screen()).contains("ended: the connection was reset");
        }
    }

    @Test
    @DisplayName("§4.2 the course's recv(1024): a 3,000-byte message comes out cut")
    void reproducesLongMessageCutByOneRead() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            String longMessage = "长".repeat(1000); // 3,000 bytes of UTF-8
            new CourseWire(client).send(longMessage);
            await().until(() -> conn.getInputStream().available() == 3000);

            String first = new CourseWire(conn).receive();

            // 1024 bytes: 341 whole characters, and the first byte of the 342nd, which cannot be decoded.
            assertThat(first).isEqualTo("长".repeat(341) + "\uFFFD");
        }
    }

    @Test
    @DisplayName("§4.2 fix here: reading whole lines gives back the 3,000-byte message whole (lesson04 has the general fix)")
    void fixesLongMessageWithWholeLines() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            String longMessage = "长".repeat(1000);
            new LineWire(client).send(longMessage);

            assertThat(new LineWire(conn).receive()).isEqualTo(longMessage);
        }
    }

    @Test
    @DisplayName("§4.2 the course's recv(1024): two messages sent before the other side reads come out as one")
    void reproducesTwoMessagesGluedByOneRead() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            CourseWire wire = new CourseWire(client);
            wire.send("hello");
            wire.send("q");
            await().until(() -> conn.getInputStream().available() == 6);

            assertThat(new CourseWire(conn).receive()).as("and the q is lost in it").isEqualTo("helloq");
        }
    }

    @Test
    @DisplayName("§4.2 fix here: with whole lines, the two messages stay two, and the q is seen")
    void fixesGluedMessagesWithWholeLines() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = connect(sk.getLocalPort());
             Socket conn = sk.accept()) {
            LineWire wire = new LineWire(client);
            wire.send("hello");
            wire.send("q");
            await().until(() -> conn.getInputStream().available() == 8);

            LineWire reader = new LineWire(conn);
            assertThat(reader.receive()).isEqualTo("hello");
            assertThat(reader.receive()).isEqualTo("q");
        }
    }

    @Test
    @DisplayName("§4 bad input: bytes that are not UTF-8, a line over 64 KiB, a peer gone mid-line: that conversation ends, the next is served")
    void survivesBadInputAndServesTheNextClient() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\n", LineWire::new, 4, 0)) {
            try (Socket garbage = connect(fixture.port())) {
                garbage.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
                assertThat(garbage.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            }
            try (Socket tooLong = connect(fixture.port())) {
                tooLong.getOutputStream().write(new byte[LineWire.MAX_LINE_BYTES + 1]);
                assertThat(tooLong.getInputStream().read()).isEqualTo(-1);
            }
            try (Socket halfLine = connect(fixture.port())) {
                halfLine.getOutputStream().write("half a li".getBytes(StandardCharsets.UTF_8));
            }
            try (Socket good = connect(fixture.port())) {
                LineWire wire = new LineWire(good);
                wire.send("still there?");
                assertThat(wire.receive()).isEqualTo("hi");
            }
            fixture.done.get(10, TimeUnit.SECONDS);
        }
        // each ending was logged
    }

    @Test
    @DisplayName("§4 a client that types nothing keeps the server waiting forever by default; --timeout hangs up on it")
    void hangsUpOnSilentClientWithTimeout() throws Exception {
        try (ChatFixture fixture = new ChatFixture("hi\n", LineWire::new, 2, 200)) {
            try (Socket silent = connect(fixture.port())) {
                assertThat(silent.getInputStream().read()).as("the server hung up").isEqualTo(-1);
            }
            try (Socket next = connect(fixture.port())) {
                LineWire wire = new LineWire(next);
                wire.send("my turn");
                assertThat(wire.receive()).isEqualTo("hi");
            }
            fixture.done.get(10, TimeUnit.SECONDS);
            assertThat(fixture.screen()).contains("ended: the other side said nothing for too long");
        }
    }
}
