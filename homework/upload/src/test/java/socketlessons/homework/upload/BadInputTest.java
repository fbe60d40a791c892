package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import socketlessons.homework.Messages;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 上传 bad input: each is refused with a reason, nothing half-done is left, and the server goes on serving")
class BadInputTest {

    private static final long MAX_SIZE = 1_000_000;

    @TempDir
    Path dir;

    private UploadFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new UploadFixture(dir.resolve("server"), MAX_SIZE, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** Another user uploads and gets the file back whole: the server still serves everyone else. */
    private void assertOthersAreStillServed() throws Exception {
        Path file = UploadFixture.randomFile(dir.resolve("carol"), "ok.bin", 99, 5000);
        try (UploadClient carol = fixture.client("carol")) {
            carol.upload(file, "ok.bin", Progress.NONE);
        }
        assertThat(fixture.folder("carol").resolve("ok.bin")).hasSameBinaryContentAs(file);
    }

    static Stream<Arguments> badNames() {
        return Stream.of(
                Arguments.of("../../x", "file name with a path separator (/): only a plain name is allowed, not ../../x"),
                Arguments.of("..", "'..' is a folder, not a file name"),
                Arguments.of("/etc/passwd", "file name with a path separator (/): only a plain name is allowed, not /etc/passwd"),
                Arguments.of("sub/a.txt", "file name with a path separator (/): only a plain name is allowed, not sub/a.txt"),
                Arguments.of("..\\..\\boot.ini", "file name with a path separator (\\): only a plain name is allowed, not ..\\..\\boot.ini"),
                Arguments.of("C:autoexec.bat", "file name with ':' (a drive or a stream on Windows): C:autoexec.bat"),
                Arguments.of("a\u0000b.txt", "file name with a control or invisible character (U+0000): a?b.txt"),
                Arguments.of("line\nbreak.txt", "file name with a control or invisible character (U+000A): line?break.txt"),
                Arguments.of("photo\u202Egpj.exe", "file name with a control or invisible character (U+202E): photo?gpj.exe"),
                Arguments.of("half\uD800.txt", "file name with a control or invisible character (U+D800): half?.txt"),
                Arguments.of(".bashrc", "file name starting with '.' (kept for the server's partial files): .bashrc"),
                Arguments.of("notes.", "file name ending with a space or a dot (Windows would drop it): notes."),
                Arguments.of("x".repeat(201), "file name longer than 200 bytes"),
                Arguments.of("报".repeat(67), "file name longer than 200 bytes"), // 67 characters, 201 bytes of UTF-8
                Arguments.of("", "a file name is needed"));
    }

    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("badNames")
    @DisplayName("§10.2 file names: only a plain name is taken, nothing is written anywhere for a bad one, and the same connection goes on")
    void refusesBadFileNames(String name, String reason) throws Exception {
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.send(Messages.message("upload").put("name", name).put("size", 10));

        assertThat(Messages.text(raw.expect("error"), "message")).isEqualTo(reason);
        assertThat(UploadFixture.filesUnder(dir)).allMatch(f -> f.startsWith("server/users.txt"));
        raw.send(Messages.message("list"));
        assertThat(raw.expect("files").path("files")).isEmpty();
        raw.send(Messages.message("download").put("name", name));
        assertThat(Messages.text(raw.expect("error"), "message")).isEqualTo(reason);
        assertOthersAreStillServed();
    }

    @Test
    @DisplayName("§10.2 a size above the server's limit is refused before a byte is written")
    void refusesASizeAboveTheLimitBeforeWriting() throws Exception {
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.send(Messages.message("upload").put("name", "huge.iso").put("size", MAX_SIZE + 1));

        assertThat(Messages.text(raw.expect("error"), "message"))
                .isEqualTo("a file of 1000001 bytes is above this server's limit of 1000000 bytes");
        assertThat(UploadFixture.filesUnder(fixture.data.resolve("files"))).isEmpty();
        raw.send(Messages.message("upload").put("name", "huge.iso").put("size", -5));
        assertThat(Messages.text(raw.expect("error"), "message")).isEqualTo("upload needs a \"size\" of 0 or more");
        assertOthersAreStillServed();
    }

    @Test
    @DisplayName("§10.2 more bytes than announced: refused, the partial file is deleted, nothing is stored, the connection closed")
    void refusesMoreBytesThanAnnounced() throws Exception {
        byte[] sent = UploadFixture.randomBytes(12, 150);
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.beginUpload("short.bin", 100);
        raw.write(sent); // 50 bytes too many, then the end message
        raw.send(Messages.message("end").put("sha256", UploadFixture.sha256(Arrays.copyOf(sent, 100))));

        assertThat(Messages.text(raw.expect("error"), "message")).startsWith(
                "after the 100 bytes announced came something that is not the end message (more or fewer bytes than announced?)");
        assertThat(raw.read()).as("the connection is closed").isNull();
        assertThat(UploadFixture.filesUnder(fixture.data.resolve("files"))).isEmpty();
        assertOthersAreStillServed();
    }

    @Test
    @DisplayName("§10.2 a body shorter than announced swallows the start of the end message: refused at once, the partial with those bytes deleted, the next upload starts from 0 and stores the right file")
    void refusesABodyShorterThanAnnounced() throws Exception {
        byte[] body = UploadFixture.randomBytes(16, 100);
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.beginUpload("short.bin", 150);
        raw.write(body); // 50 bytes short: the server takes the first 50 bytes of the end message as the body's last
        raw.send(Messages.message("end").put("sha256", UploadFixture.sha256(body)));

        assertThat(Messages.text(raw.expect("error"), "message")).startsWith(
                "after the 150 bytes announced came something that is not the end message (more or fewer bytes than announced?)");
        assertThat(raw.read()).as("the connection is closed").isNull();
        assertThat(UploadFixture.filesUnder(fixture.data.resolve("files"))).as("no partial holds the end message's bytes").isEmpty();

        Path file = UploadFixture.randomFile(dir.resolve("client"), "short.bin", 17, 150);
        try (UploadClient alice = fixture.client("alice")) {
            assertThat(alice.upload(file, "short.bin", Progress.NONE).resumedAt()).isZero();
        }
        assertThat(fixture.folder("alice").resolve("short.bin")).hasSameBinaryContentAs(file);
    }

    @Test
    @DisplayName("§10.2 (issue 20) a file name made to forge a log line (a path separator, then a line break and a fake entry) is refused, and the log stays one line per event")
    void keepsTheLogOneLinePerEventWhateverTheName() throws Exception {
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.send(Messages.message("upload").put("name", "x/\n127.0.0.1:1: alice: \"x\" stored (1 bytes)\u001b[2J").put("size", 1));

        assertThat(Messages.text(raw.expect("error"), "message"))
                .isEqualTo("file name with a control or invisible character (U+000A): x/?127.0.0.1:1: alice: \"x\" stored (1 bytes)?[2J");
        assertThat(fixture.log).noneMatch(line -> line.contains("\n") || line.contains("\u001b"))
                .anyMatch(line -> line.contains("alice: \"x/\\n127.0.0.1:1: alice: \\\"x\\\" stored (1 bytes)\\u001b[2J\" refused: "));
    }

    @Test
    @DisplayName("§10.2 (issue 20 item 9) 20 wrong guesses for one user at the same moment: 3 are checked, the other 17 throttled (the turn is taken before the slow hash)")
    void throttlesConcurrentWrongGuesses() throws Exception {
        fixture.close();
        // A clock that stands still: the throttle's 1 s wait never runs out, however slow the machine, so the count is certain.
        fixture = new UploadFixture(dir.resolve("server"), MAX_SIZE, Duration.ofSeconds(30),
                java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC));
        fixture.client("alice").close();
        int guesses = 20;
        java.util.concurrent.ExecutorService guessers = java.util.concurrent.Executors.newFixedThreadPool(guesses);
        try {
            java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(guesses);
            java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String guess = "guess-" + i;
                answers.add(guessers.submit(() -> {
                    try (UploadFixture.Raw raw = new UploadFixture.Raw(fixture.address())) {
                        connected.countDown();
                        connected.await(); // all connected: the logins go out together
                        raw.send(Messages.message("login").put("user", "alice").put("password", guess));
                        return Messages.text(raw.expect("error"), "message");
                    }
                }));
            }
            java.util.List<String> said = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> answer : answers) {
                said.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(said).filteredOn("wrong user name or password"::equals).hasSize(3);
            assertThat(said).filteredOn(m -> m.equals("too many failed logins for alice: try again in 1 s")).hasSize(17);
        } finally {
            guessers.shutdownNow();
        }
    }

    @Test
    @DisplayName("§10.2 a frame claiming 2 GB is refused from its 4 length bytes alone: an error to the client, the connection closed")
    void refusesAFrameClaimingTwoGigabytes() throws Exception {
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());

        assertThat(Messages.text(raw.expect("error"), "message"))
                .isEqualTo("frame length 2147483647 is above the maximum of 65536 bytes; closing the connection");
        assertThat(raw.read()).isNull();
        assertThat(fixture.log).anyMatch(l -> l.endsWith(": closing: frame length 2147483647 is above the maximum of 65536 bytes"));
        assertOthersAreStillServed();
    }

    @Test
    @DisplayName("§10.2 garbage in a whole frame (not JSON, not an object, an unknown type) gets an error; the conversation goes on")
    void answersGarbageWithAnError() throws Exception {
        UploadFixture.Raw raw = fixture.raw("alice");
        for (String garbage : new String[] {"hello?", "[1, 2]"}) {
            byte[] body = garbage.getBytes(StandardCharsets.UTF_8);
            raw.write(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
            assertThat(Messages.text(raw.expect("error"), "message")).startsWith("not ");
        }
        raw.send(Messages.message("delete").put("name", "x"));
        assertThat(Messages.text(raw.expect("error"), "message")).isEqualTo("unknown type: delete");
        raw.send(Messages.message("list"));
        raw.expect("files");
    }

    @Test
    @DisplayName("§10.2 two uploads of one name at once: the second is refused while the first runs; the file is the first's, never a mix")
    void refusesASecondUploadOfTheSameNameWhileTheFirstRuns() throws Exception {
        byte[] first = UploadFixture.randomBytes(13, 10_000);
        UploadFixture.Raw one = fixture.raw("alice");
        one.beginUpload("same.bin", first.length);
        one.write(Arrays.copyOf(first, 5_000));

        UploadFixture.Raw two = fixture.raw("alice");
        two.send(Messages.message("upload").put("name", "same.bin").put("size", 10_000));
        assertThat(Messages.text(two.expect("error"), "message"))
                .isEqualTo("same.bin is being uploaded by another connection; try again when that one ends");

        one.write(Arrays.copyOfRange(first, 5_000, first.length));
        one.send(Messages.message("end").put("sha256", UploadFixture.sha256(first)));
        one.expect("stored");
        assertThat(fixture.folder("alice").resolve("same.bin")).hasBinaryContent(first);

        byte[] second = UploadFixture.randomBytes(14, 7_000);
        assertThat(two.beginUpload("same.bin", second.length)).as("free again once the first ended").isZero();
        two.write(second);
        two.send(Messages.message("end").put("sha256", UploadFixture.sha256(second)));
        two.expect("stored");
        assertThat(fixture.folder("alice").resolve("same.bin")).hasBinaryContent(second);
    }

    @Test
    @DisplayName("§10.2 a client that resets mid-body: logged, its partial kept for a resume, the others served")
    void keepsThePartialOfAClientThatResets() throws Exception {
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.beginUpload("lost.bin", 10_000);
        raw.write(UploadFixture.randomBytes(15, 3_000));
        fixture.awaitPartial("alice", "lost.bin", 10_000, 3_000);
        Path partial = fixture.folder("alice").resolve(".lost.bin.10000.part");

        raw.reset();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> fixture.log.stream().anyMatch(l -> l.contains("alice: \"lost.bin\" cut off at 3000 of 10000 bytes, kept for a resume")));
        assertThat(partial).hasSize(3_000);
        assertOthersAreStillServed();
    }

    @Test
    @DisplayName("§10.2 a client that connects and sends nothing is cut off after the timeout; another is served while it waits")
    void cutsOffAClientThatSendsNothing() throws Exception {
        fixture.close();
        fixture = new UploadFixture(dir.resolve("server"), MAX_SIZE, Duration.ofSeconds(2));
        try (UploadFixture.Raw silent = new UploadFixture.Raw(fixture.address())) {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> fixture.server.openConnections() == 1);
            try (UploadClient carol = fixture.client("carol")) {
                assertThat(fixture.server.openConnections()).as("the silent client is still connected while carol is served").isEqualTo(2);
                carol.upload(UploadFixture.randomFile(dir.resolve("carol"), "ok.bin", 99, 5000), "ok.bin", Progress.NONE);
                assertThat(fixture.server.openConnections()).isEqualTo(2);
            }
            assertThat(silent.read()).as("hung up on").isNull();
        }
        assertThat(fixture.log).anyMatch(l -> l.contains("silent for longer than 2000 ms"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longestNames")
    @DisplayName("§10.2 file names: the longest allowed is 200 bytes of UTF-8, whatever the characters; Chinese names go up and come back")
    void takesNamesUpTo200BytesOfUtf8(String name) throws Exception {
        Path file = UploadFixture.randomFile(dir.resolve("client"), "source.bin", 21, 1000);
        try (UploadClient alice = fixture.client("alice")) {
            alice.upload(file, name, Progress.NONE);
            assertThat(alice.list()).extracting(UploadStore.StoredFile::name).containsExactly(name);
            alice.download(name, dir.resolve("back"), Progress.NONE);
        }
        assertThat(dir.resolve("back").resolve(name)).hasSameBinaryContentAs(file);
    }

    static Stream<Arguments> longestNames() {
        return Stream.of(Arguments.of("x".repeat(200)), Arguments.of("报".repeat(66) + "xy"), Arguments.of("报告.txt"));
    }

    @Test
    @DisplayName("§10.2 user names that would share a folder on Windows or macOS (ALICE and alice), or leave it (..), are refused at register")
    void refusesUserNamesThatAreNotSafeFolderNames() throws Exception {
        try (UploadFixture.Raw raw = new UploadFixture.Raw(fixture.address())) {
            for (String user : new String[] {"ALICE", "..", "alice.", ".alice"}) {
                raw.send(Messages.message("register").put("user", user).put("password", UploadFixture.PASSWORD));
                assertThat(Messages.text(raw.expect("error"), "message")).startsWith("user names here are lower case letters");
            }
        }
        assertThat(fixture.data.resolve("users.txt")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
    }
}
