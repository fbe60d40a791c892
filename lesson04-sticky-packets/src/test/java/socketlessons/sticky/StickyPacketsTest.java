package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import socketlessons.basics.testkit.Background;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§6 粘包 sticky packets: reproduced, then fixed")
class StickyPacketsTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WORLD = "world".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "TCP_NODELAY {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("§6.1 粘包: two quick sends arrive glued in one read (with or without TCP_NODELAY)")
    void reproducesTwoSendsGluedIntoOneRead(boolean noDelay) throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.client.setTcpNoDelay(noDelay);
            OutputStream out = pair.client.getOutputStream();
            out.write(HELLO);
            out.write(WORLD);
            pair.awaitArrived(10);

            assertThat(NaiveReceiver.recv(pair.conn.getInputStream(), 1024)).isEqualTo("helloworld");
        }
    }

    @ParameterizedTest(name = "TCP_NODELAY {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("§6.2 fix: a length prefix gives back both messages, glued or not (with or without TCP_NODELAY)")
    void fixesGluedSendsWithLengthPrefix(boolean noDelay) throws Exception {
        LengthPrefixCodec codec = new LengthPrefixCodec();
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.client.setTcpNoDelay(noDelay);
            OutputStream out = pair.client.getOutputStream();
            codec.writeFrame(out, HELLO);
            codec.writeFrame(out, WORLD);
            pair.awaitArrived(18);

            InputStream in = pair.conn.getInputStream();
            assertThat(codec.readFrame(in)).isEqualTo(HELLO);
            assertThat(codec.readFrame(in)).isEqualTo(WORLD);
        }
    }

    @Test
    @DisplayName("§6.1 拆包 half packet: one large send comes out of several reads")
    void reproducesOneLargeSendSplitAcrossReads() throws Exception {
        byte[] big = new byte[1 << 20];
        // A small receive buffer: a read can only return what the buffer holds, never 1 MiB.
        try (LoopbackPair pair = LoopbackPair.open(16 * 1024)) {
            CompletableFuture<Void> sending = Background.call(() -> {
                pair.client.getOutputStream().write(big);
                return null;
            });
            int first = pair.conn.getInputStream().read(new byte[big.length]);

            assertThat(first).isPositive().isLessThan(big.length);
            pair.conn.getInputStream().readNBytes(big.length - first);
            sending.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("§6.2 fix: readFrame loops until the whole body is there, however it was split")
    void fixesSplitSendWithLengthPrefix() throws Exception {
        byte[] big = new byte[1 << 20];
        new java.util.Random(6).nextBytes(big);
        LengthPrefixCodec codec = new LengthPrefixCodec();
        try (LoopbackPair pair = LoopbackPair.open(16 * 1024)) {
            CompletableFuture<Void> sending = Background.call(() -> {
                codec.writeFrame(pair.client.getOutputStream(), big);
                return null;
            });
            assertThat(codec.readFrame(pair.conn.getInputStream())).isEqualTo(big);
            sending.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("§6.1 the classroom's recv(2) then recv(10): a short read leaves the rest for the next one")
    void reproducesShortRecvLeavingTheRestForTheNextRead() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            OutputStream out = pair.client.getOutputStream();
            out.write(HELLO);
            out.write(WORLD);
            pair.awaitArrived(10);

            InputStream in = pair.conn.getInputStream();
            assertThat(NaiveReceiver.recv(in, 2)).isEqualTo("he");
            assertThat(NaiveReceiver.recv(in, 10)).isEqualTo("lloworld");
        }
    }

    @Test
    @DisplayName("§6.2 fix: read exactly the bytes a message has (readNBytes), never 'up to n': hello, then world")
    void fixesShortRecvByReadingExactly() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            OutputStream out = pair.client.getOutputStream();
            out.write(HELLO, 0, 2);
            pair.awaitArrived(2);
            InputStream in = pair.conn.getInputStream();
            // readNBytes loops over short reads until it has all 5: the length a prefix would announce.
            CompletableFuture<byte[]> first = Background.call(() -> in.readNBytes(5));
            out.write(HELLO, 2, 3);
            out.write(WORLD);

            assertThat(first.get(10, TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            assertThat(in.readNBytes(5)).asString(StandardCharsets.UTF_8).isEqualTo("world");
        }
    }

    @Test
    @DisplayName("§6.1 a Chinese character cut between two reads breaks a per-read UTF-8 decode")
    void reproducesChineseCharacterCutBetweenReads() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.client.getOutputStream().write("你好".getBytes(StandardCharsets.UTF_8)); // 6 bytes, 3 each
            pair.awaitArrived(6);

            InputStream in = pair.conn.getInputStream();
            String first = NaiveReceiver.recv(in, 4);
            String second = NaiveReceiver.recv(in, 4);

            assertThat(first).isEqualTo("你\uFFFD");
            assertThat(second).isEqualTo("\uFFFD\uFFFD");
            assertThat(first + second).isNotEqualTo("你好");
        }
    }

    @Test
    @DisplayName("§6.2 fix: a frame is decoded only when all its bytes are here, so 你好 arrives whole")
    void fixesCutCharacterByDecodingWholeFrames() throws Exception {
        LengthPrefixCodec codec = new LengthPrefixCodec();
        try (LoopbackPair pair = LoopbackPair.open()) {
            byte[] frame = codec.encode("你好".getBytes(StandardCharsets.UTF_8));
            OutputStream out = pair.client.getOutputStream();
            out.write(frame, 0, 8); // the header and 你 plus one byte of 好
            out.flush();
            pair.awaitArrived(8);
            CompletableFuture<byte[]> reading = Background.call(() -> codec.readFrame(pair.conn.getInputStream()));
            out.write(frame, 8, frame.length - 8);

            assertThat(new String(reading.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("你好");
        }
    }

    @Test
    @DisplayName("§6.1 two JSON messages glued together make the JSON parser fail")
    void reproducesGluedJsonBreakingTheParser() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            OutputStream out = pair.client.getOutputStream();
            out.write("{\"msg\": \"hello\"}".getBytes(StandardCharsets.UTF_8));
            out.write("{\"msg\": \"world\"}".getBytes(StandardCharsets.UTF_8));
            pair.awaitArrived(32);

            assertThatThrownBy(() -> new UnframedJsonReader().next(pair.conn.getInputStream()))
                    .isInstanceOf(MismatchedInputException.class)
                    .hasMessageContaining("Trailing token (of type START_OBJECT) found after value");
        }
    }

    @Test
    @DisplayName("§6.2 fix: each JSON message in its own frame parses on its own")
    void fixesGluedJsonWithLengthPrefix() throws Exception {
        LengthPrefixCodec codec = new LengthPrefixCodec();
        ObjectMapper json = new ObjectMapper();
        try (LoopbackPair pair = LoopbackPair.open()) {
            OutputStream out = pair.client.getOutputStream();
            codec.writeFrame(out, "{\"msg\": \"hello\"}".getBytes(StandardCharsets.UTF_8));
            codec.writeFrame(out, "{\"msg\": \"world\"}".getBytes(StandardCharsets.UTF_8));
            pair.awaitArrived(40);

            InputStream in = pair.conn.getInputStream();
            JsonNode first = json.readTree(codec.readFrame(in));
            JsonNode second = json.readTree(codec.readFrame(in));
            assertThat(first.get("msg").asText()).isEqualTo("hello");
            assertThat(second.get("msg").asText()).isEqualTo("world");
        }
    }

    @Test
    @DisplayName("§6.2 fix: little-endian frames, as the course's struct.pack('i', n) sends them, through a slicing relay")
    void fixesGlueForTheCoursesLittleEndianFramesThroughTheRelay() throws Exception {
        LengthPrefixCodec codec = new LengthPrefixCodec(ByteOrder.LITTLE_ENDIAN, 1 << 20);
        try (FramedEchoServer server = new FramedEchoServer("127.0.0.1", 0, codec, line -> { }).start();
             ResegmentingRelay relay = new ResegmentingRelay(server.address(), 42, 3, 0, line -> { }); // slices of 1 to 3 bytes; no delay is needed to cut the frames
             Socket sk = new Socket()) {
            sk.connect(relay.address(), 5_000);
            sk.setSoTimeout(10_000);
            for (int i = 0; i < 20; i++) {
                codec.writeFrame(sk.getOutputStream(), ("message " + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(new String(codec.readFrame(sk.getInputStream()), StandardCharsets.UTF_8)).isEqualTo("message " + i);
            }
        }
    }

    @Test
    @DisplayName("§6.1 the relay really slices: one 4 KiB send leaves it as hundreds of writes, every byte in order")
    void relaySlicesTheStream() throws Exception {
        byte[] sent = new byte[4096];
        new java.util.Random(7).nextBytes(sent);
        try (java.net.ServerSocket upstream = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ResegmentingRelay relay = new ResegmentingRelay((InetSocketAddress) upstream.getLocalSocketAddress(), 7, 16, 0, line -> { });
             Socket sk = new Socket()) {
            sk.connect(relay.address(), 5_000);
            try (Socket conn = upstream.accept()) {
                conn.setSoTimeout(10_000);
                sk.getOutputStream().write(sent);
                sk.shutdownOutput();

                assertThat(conn.getInputStream().readAllBytes()).isEqualTo(sent);
                // Slices of 1 to 16 bytes: 4096 bytes cannot leave in fewer than 256 writes.
                assertThat(relay.forwardedWrites()).isGreaterThanOrEqualTo(256);
            }
        }
    }
}
