package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.Background;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§6.2 the course's header pattern, and newline framing with its limits")
class HeaderAndLineCodecTest {

    private final HeaderCodec headers = new HeaderCodec(ByteOrder.BIG_ENDIAN);
    private final List<String> log = new CopyOnWriteArrayList<>();

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

        try (FileReceiver receiver = new FileReceiver("127.0.0.1", 0, inbox, ByteOrder.BIG_ENDIAN, log::add);
             ResegmentingRelay relay = new ResegmentingRelay(receiver.address(), 3, 70_000, 100, line -> { })) {
            CompletableFuture<List<Path>> received = receiving(receiver, 1);
            new FileSender(ByteOrder.BIG_ENDIAN).send("127.0.0.1", relay.address().getPort(), source, done -> { });

            assertThat(received.get(30, TimeUnit.SECONDS)).containsExactly(inbox.resolve("source.bin"));
        }
        assertThat(Files.readAllBytes(inbox.resolve("source.bin"))).isEqualTo(content);
        try (var left = Files.list(inbox)) {
            assertThat(left.toList()).as("no .part file left behind").containsExactly(inbox.resolve("source.bin"));
        }
        assertThat(log).containsExactly("received \"source.bin\" in " + inbox + " (3000000 bytes)");
    }

    @Test
    @DisplayName("§6.2 bad input: senders with a header that is not JSON, or lacks its fields, are logged and closed; the next sender is served")
    void receiverClosesBadSendersAndServesTheNext(@TempDir Path dir) throws Exception {
        try (FileReceiver receiver = new FileReceiver("127.0.0.1", 0, dir, ByteOrder.BIG_ENDIAN, log::add)) {
            CompletableFuture<List<Path>> received = receiving(receiver, 1);
            for (String bad : List.of("not json", "{\"filename\": \"a.txt\"}")) {
                try (Socket sk = new Socket("127.0.0.1", receiver.address().getPort())) {
                    sk.setSoTimeout(10_000);
                    new LengthPrefixCodec().writeFrame(sk.getOutputStream(), bad.getBytes(StandardCharsets.UTF_8));
                    assertThat(sk.getInputStream().read()).as("the receiver closed the bad sender").isEqualTo(-1);
                }
            }
            Path outbox = Files.createDirectory(dir.resolve("outbox"));
            Path good = Files.writeString(outbox.resolve("arrived.txt"), "粘包");
            new FileSender(ByteOrder.BIG_ENDIAN).send("127.0.0.1", receiver.address().getPort(), good, done -> { });

            assertThat(received.get(10, TimeUnit.SECONDS)).containsExactly(dir.resolve("arrived.txt"));
        }
        assertThat(Files.readString(dir.resolve("arrived.txt"))).isEqualTo("粘包");
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).matches("closing 127\\.0\\.0\\.1:\\d+: header is not JSON: \"Unrecognized token 'not'.*");
        assertThat(log.get(1)).matches("closing 127\\.0\\.0\\.1:\\d+: header lacks a \"filesize\" of 0 or more: \"\\{\\\\\"filename\\\\\":\\\\\"a.txt\\\\\"\\}\"");
        assertThat(log.get(2)).isEqualTo("received \"arrived.txt\" in " + dir + " (6 bytes)");
    }

    @Test
    @DisplayName("§6.2 bad input: a header that is not JSON is refused, naming what the parser saw")
    void refusesHeaderThatIsNotJson() {
        assertThatThrownBy(() -> headers.readHeader(frameOf("filename=a.txt")))
                .isInstanceOf(FrameException.class)
                .hasMessageStartingWith("header is not JSON: \"Unrecognized token 'filename'");
    }

    @Test
    @DisplayName("§6.2 bad input: a JSON header without filename or filesize, or with a negative size, is refused")
    void refusesHeaderWithoutItsFields() {
        assertThatThrownBy(() -> headers.readHeader(frameOf("{\"filesize\": 3}")))
                .isInstanceOf(FrameException.class).hasMessage("header lacks a text \"filename\": \"{\\\"filesize\\\":3}\"");
        assertThatThrownBy(() -> headers.readHeader(frameOf("{\"filename\": \"a\"}")))
                .isInstanceOf(FrameException.class).hasMessage("header lacks a \"filesize\" of 0 or more: \"{\\\"filename\\\":\\\"a\\\"}\"");
        assertThatThrownBy(() -> headers.readHeader(frameOf("{\"filename\": \"a\", \"filesize\": -5}")))
                .isInstanceOf(FrameException.class).hasMessage("header lacks a \"filesize\" of 0 or more: \"{\\\"filename\\\":\\\"a\\\",\\\"filesize\\\":-5}\"");
        assertThatThrownBy(() -> headers.readHeader(frameOf("[1, 2]")))
                .isInstanceOf(FrameException.class).hasMessage("header is not a JSON object: \"[1, 2]\"");
    }

    @Test
    @DisplayName("§6.2 bad input: a header claiming more than 64 KiB is refused before it is read")
    void refusesOversizedHeader() {
        assertThatThrownBy(() -> headers.readHeader(new ByteArrayInputStream(new byte[] {0, 1, 0, 1})))
                .isInstanceOf(FrameException.class).hasMessage("frame length 65537 is above the maximum of 65536 bytes");
    }

    /** Starts a receiver's loop for {@code files} files in the background. */
    private static CompletableFuture<List<Path>> receiving(FileReceiver receiver, int files) {
        return Background.call(() -> receiver.receive(files, header -> done -> { }));
    }

    @Test
    @DisplayName("§6.2 bad input: a body that ends early is refused with how much came; the receiver leaves no file")
    void refusesBodyThatEndsEarly(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        headers.writeHeader(wire, new HeaderCodec.FileHeader("short.txt", 100));
        wire.write(new byte[40]);
        try (FileReceiver receiver = new FileReceiver("127.0.0.1", 0, dir, ByteOrder.BIG_ENDIAN, log::add)) {
            receiving(receiver, 1);
            try (Socket sk = new Socket("127.0.0.1", receiver.address().getPort())) {
                sk.getOutputStream().write(wire.toByteArray());
            } // the sender vanishes after 40 of 100 body bytes

            await().atMost(Duration.ofSeconds(10)).until(() -> !log.isEmpty());
            assertThat(log).singleElement().asString().matches("closing 127\\.0\\.0\\.1:\\d+: stream ended after 40 of 100 body bytes");
            try (var left = Files.list(dir)) {
                assertThat(left.toList()).as("neither short.txt nor a .part file").isEmpty();
            }
        }
    }

    /** A name that, printed raw, ends the log line and starts a forged one that clears the screen first. */
    private static final String FORGING_NAME = "x\n127.0.0.1:1: received \u001b[2Jevil.txt";

    @Test
    @DisplayName("§6 issue 20 forged log lines: a peer's file name can carry a newline and an escape sequence, and the header delivers both as they are")
    void reproducesFileNameCarryingANewlineAndAnEscapeSequence() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        headers.writeHeader(wire, new HeaderCodec.FileHeader(FORGING_NAME, 2));

        String name = headers.readHeader(new ByteArrayInputStream(wire.toByteArray())).filename();
        assertThat(name).isEqualTo(FORGING_NAME).contains("\n", "\u001b");
        assertThat(("receiving " + name).lines()).as("printed raw, one name is two lines, the second a forgery").hasSize(2);
    }

    @Test
    @DisplayName("§6 issue 20 fix: receive-file refuses such a name and logs it quoted and escaped on one line; the next sender is served")
    void fixesForgedLogLinesByQuotingTheName(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        headers.writeHeader(wire, new HeaderCodec.FileHeader(FORGING_NAME, 2));
        wire.write("hi".getBytes(StandardCharsets.UTF_8));
        try (FileReceiver receiver = new FileReceiver("127.0.0.1", 0, dir, ByteOrder.BIG_ENDIAN, log::add)) {
            CompletableFuture<List<Path>> received = receiving(receiver, 1);
            try (Socket sk = new Socket("127.0.0.1", receiver.address().getPort())) {
                sk.setSoTimeout(10_000);
                sk.getOutputStream().write(wire.toByteArray());
                assertThat(sk.getInputStream().read()).as("the receiver closed the sender").isEqualTo(-1);
            }
            Path good = Files.writeString(Files.createDirectory(dir.resolve("outbox")).resolve("a \"quoted\" name.txt"), "ok");
            new FileSender(ByteOrder.BIG_ENDIAN).send("127.0.0.1", receiver.address().getPort(), good, done -> { });
            assertThat(received.get(10, TimeUnit.SECONDS)).containsExactly(dir.resolve("a \"quoted\" name.txt"));
        }
        assertThat(log).hasSize(2).noneMatch(l -> l.contains("\n") || l.contains("\u001b"));
        assertThat(log.get(0)).matches("closing 127\\.0\\.0\\.1:\\d+: unusable file name: "
                + java.util.regex.Pattern.quote("\"x\\n127.0.0.1:1: received \\u001b[2Jevil.txt\""));
        assertThat(log.get(1)).isEqualTo("received \"a \\\"quoted\\\" name.txt\" in " + dir + " (2 bytes)");
    }

    @Test
    @DisplayName("§6.2 bad input: a file name like ../../x stays inside the receiving folder")
    void keepsFileNameInsideTheFolder(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        headers.writeHeader(wire, new HeaderCodec.FileHeader("../../escape.txt", 2));
        wire.write("hi".getBytes(StandardCharsets.UTF_8));
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        try (FileReceiver receiver = new FileReceiver("127.0.0.1", 0, inbox, ByteOrder.BIG_ENDIAN, log::add)) {
            CompletableFuture<List<Path>> saved = receiving(receiver, 1);
            try (Socket sk = new Socket("127.0.0.1", receiver.address().getPort())) {
                sk.getOutputStream().write(wire.toByteArray());
                assertThat(saved.get(10, TimeUnit.SECONDS)).containsExactly(inbox.resolve("escape.txt"));
            }
        }
        assertThat(Files.readString(inbox.resolve("escape.txt"))).isEqualTo("hi");
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
