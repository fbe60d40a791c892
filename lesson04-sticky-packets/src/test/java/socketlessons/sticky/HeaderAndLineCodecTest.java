package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§6.2 the course's header pattern, and newline framing with its limits")
class HeaderAndLineCodecTest {

    private final HeaderCodec headers = new HeaderCodec(ByteOrder.BIG_ENDIAN);

    private static InputStream frameOf(String json) {
        return new ByteArrayInputStream(new LengthPrefixCodec().encode(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("§6.2 header pattern: a 3 MB file goes through a slicing relay as header length, JSON header, body, byte for byte")
    void sendsFileWithHeaderPatternThroughTheRelay(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source.bin");
        byte[] content = new byte[3_000_000];
        new Random(9).nextBytes(content);
        Files.write(source, content);
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        FileTransfer transfer = new FileTransfer(ByteOrder.BIG_ENDIAN);

        try (ServerSocket listener = FileTransfer.listen("127.0.0.1", 0);
             ResegmentingRelay relay = new ResegmentingRelay((java.net.InetSocketAddress) listener.getLocalSocketAddress(), 3, 70_000, 100, line -> { })) {
            CompletableFuture<Path> received = CompletableFuture.supplyAsync(() -> {
                try (Socket conn = listener.accept()) {
                    return transfer.receive(conn, inbox, done -> { });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket sk = new Socket()) {
                sk.connect(relay.address(), 5_000);
                transfer.send(sk, source, done -> { });
                sk.shutdownOutput();
                Path saved = received.get(30, TimeUnit.SECONDS);
                assertThat(saved).isEqualTo(inbox.resolve("source.bin"));
            }
        }
        assertThat(Files.readAllBytes(inbox.resolve("source.bin"))).isEqualTo(content);
        try (var left = Files.list(inbox)) {
            assertThat(left.toList()).as("no .part file left behind").containsExactly(inbox.resolve("source.bin"));
        }
    }

    @Test
    @DisplayName("§6.2 bad input: a header that is not JSON is refused, naming what the parser saw")
    void refusesHeaderThatIsNotJson() {
        assertThatThrownBy(() -> headers.readHeader(frameOf("filename=a.txt")))
                .isInstanceOf(FrameException.class)
                .hasMessageStartingWith("header is not JSON: Unrecognized token 'filename'");
    }

    @Test
    @DisplayName("§6.2 bad input: a JSON header without filename or filesize, or with a negative size, is refused")
    void refusesHeaderWithoutItsFields() {
        assertThatThrownBy(() -> headers.readHeader(frameOf("{\"filesize\": 3}")))
                .isInstanceOf(FrameException.class).hasMessage("header lacks a text \"filename\": {\"filesize\":3}");
        assertThatThrownBy(() -> headers.readHeader(frameOf("{\"filename\": \"a\"}")))
                .isInstanceOf(FrameException.class).hasMessage("header lacks a \"filesize\" of 0 or more: {\"filename\":\"a\"}");
        assertThatThrownBy(() -> headers.readHeader(frameOf("{\"filename\": \"a\", \"filesize\": -5}")))
                .isInstanceOf(FrameException.class).hasMessage("header lacks a \"filesize\" of 0 or more: {\"filename\":\"a\",\"filesize\":-5}");
        assertThatThrownBy(() -> headers.readHeader(frameOf("[1, 2]")))
                .isInstanceOf(FrameException.class).hasMessage("header is not a JSON object: [1, 2]");
    }

    @Test
    @DisplayName("§6.2 bad input: a header claiming more than 64 KiB is refused before it is read")
    void refusesOversizedHeader() {
        assertThatThrownBy(() -> headers.readHeader(new ByteArrayInputStream(new byte[] {0, 1, 0, 1})))
                .isInstanceOf(FrameException.class).hasMessage("frame length 65537 is above the maximum of 65536 bytes");
    }

    @Test
    @DisplayName("§6.2 bad input: a body that ends early is refused with how much came; the receiver leaves no file")
    void refusesBodyThatEndsEarly(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        headers.writeHeader(wire, new HeaderCodec.FileHeader("short.txt", 100));
        wire.write(new byte[40]);
        try (ServerSocket listener = FileTransfer.listen("127.0.0.1", 0)) {
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try (Socket conn = listener.accept()) {
                    new FileTransfer(ByteOrder.BIG_ENDIAN).receive(conn, dir, done -> { });
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            try (Socket sk = new Socket("127.0.0.1", listener.getLocalPort())) {
                sk.getOutputStream().write(wire.toByteArray());
            }
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(FrameException.class)
                    .hasMessage("stream ended after 40 of 100 body bytes");
        }
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).as("neither short.txt nor a .part file").isEmpty();
        }
    }

    @Test
    @DisplayName("§6.2 bad input: a file name like ../../x stays inside the receiving folder")
    void keepsFileNameInsideTheFolder(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        headers.writeHeader(wire, new HeaderCodec.FileHeader("../../escape.txt", 2));
        wire.write("hi".getBytes(StandardCharsets.UTF_8));
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        try (ServerSocket listener = FileTransfer.listen("127.0.0.1", 0)) {
            CompletableFuture<Path> saved = CompletableFuture.supplyAsync(() -> {
                try (Socket conn = listener.accept()) {
                    return new FileTransfer(ByteOrder.BIG_ENDIAN).receive(conn, inbox, done -> { });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket sk = new Socket("127.0.0.1", listener.getLocalPort())) {
                sk.getOutputStream().write(wire.toByteArray());
                assertThat(saved.get(10, TimeUnit.SECONDS)).isEqualTo(inbox.resolve("escape.txt"));
            }
        }
        assertThat(dir.resolve("escape.txt")).doesNotExist();
        assertThat(dir.getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    @DisplayName("§6.2 newline framing: lines come back whole however they are glued")
    void readsGluedLines() throws Exception {
        LineCodec lines = new LineCodec(1024);
        InputStream in = new BufferedInputStream(new ByteArrayInputStream("hello\nworld\n你好\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(lines.readLine(in)).isEqualTo("hello");
        assertThat(lines.readLine(in)).isEqualTo("world");
        assertThat(lines.readLine(in)).isEqualTo("你好");
        assertThat(lines.readLine(in)).isNull();
    }

    @Test
    @DisplayName("§6.2 newline framing breaks: a message that contains the delimiter arrives as two messages")
    void reproducesDelimiterInsideBodySplittingTheMessage() throws Exception {
        LineCodec lines = new LineCodec(1024);
        String poem = "床前明月光\n疑是地上霜"; // one message, two lines
        InputStream in = new ByteArrayInputStream((poem + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(lines.readLine(in)).isEqualTo("床前明月光");
        assertThat(lines.readLine(in)).isEqualTo("疑是地上霜");
    }

    @Test
    @DisplayName("§6.2 fix: the writer refuses a body with the delimiter (escape it, or use a length prefix instead)")
    void fixesDelimiterInsideBodyByRefusingOrFraming() throws Exception {
        String poem = "床前明月光\n疑是地上霜";
        assertThatThrownBy(() -> new LineCodec(1024).writeLine(new ByteArrayOutputStream(), poem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a message of a newline-delimited protocol cannot contain a newline");

        LengthPrefixCodec codec = new LengthPrefixCodec();
        byte[] frame = codec.encode(poem.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(codec.readFrame(new ByteArrayInputStream(frame)), StandardCharsets.UTF_8)).isEqualTo(poem);
    }

    @Test
    @DisplayName("§6.2 newline framing breaks: a peer that never sends a newline is cut off at the maximum, not buffered forever")
    void refusesLineWithoutDelimiterBeyondTheMaximum() {
        LineCodec lines = new LineCodec(16);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThatThrownBy(() -> lines.readLine(endless))
                .isInstanceOf(FrameException.class).hasMessage("no newline within 16 bytes");
        assertThatThrownBy(() -> lines.readLine(new ByteArrayInputStream("half a li".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(FrameException.class).hasMessage("stream ended after 9 bytes of a line without its newline");
    }
}
