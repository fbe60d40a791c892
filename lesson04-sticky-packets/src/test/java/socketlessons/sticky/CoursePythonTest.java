package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Background;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.CoursePython;

/**
 * Python programs written the course's way against our Java programs. The three Python runs
 * start together in {@link #startAll()} (each python3 start costs about a second here), and
 * each test checks one of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§6.2 interop: Python's struct.pack frames against our programs")
class CoursePythonTest {

    private CliRun bigServer;
    private CliRun littleServer;
    private CliRun receiver;
    private CoursePython bigClient;
    private CoursePython littleClient;
    private CoursePython uploader;
    private Path dir;
    private byte[] upload;

    @BeforeAll
    void startAll() throws Exception {
        dir = Files.createTempDirectory("lesson04-python");
        upload = new byte[100_000];
        new Random(4).nextBytes(upload);
        Files.write(dir.resolve("photo.jpg"), upload);
        Path inbox = Files.createDirectory(dir.resolve("inbox"));

        bigServer = CliRun.start(Launcher::run, "server", "--port", "0");
        littleServer = CliRun.start(Launcher::run, "server", "--port", "0", "--byte-order", "little");
        receiver = CliRun.start(Launcher::run, "receive-file", "--port", "0", "--byte-order", "little", "--dir", inbox.toString());
        // Started side by side: each start first checks python3 --version, and a process start is slow here.
        var big = python("course/framed_client.py", bigServer.awaitListeningPort(), "!i");
        var little = python("course/framed_client.py", littleServer.awaitListeningPort(), "i");
        var up = python("course/upload_client.py", receiver.awaitListeningPort(), dir.resolve("photo.jpg").toString());
        bigClient = join(big);
        littleClient = join(little);
        uploader = join(up);
    }

    private static CompletableFuture<CoursePython> python(String script, int port, String... args) {
        return Background.call(() -> CoursePython.start(CoursePythonTest.class, script, port, args));
    }

    /** The started program, or the exception start threw (a skip when python3 is missing). */
    private static CoursePython join(CompletableFuture<CoursePython> started) throws Exception {
        try {
            return started.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @AfterAll
    void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {bigClient, littleClient, uploader, bigServer, littleServer, receiver}) {
            if (c != null) {
                c.close();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    @DisplayName("§6.2 frames from struct.pack('!i', n) (network order) are echoed by our server as it starts by default")
    void echoesPythonNetworkOrderFrames() throws Exception {
        assertThat(bigClient.awaitExit()).as(bigClient.errors()).isZero();
        assertThat(bigClient.outputLines()).containsExactly("hello", "world", "你好, 粘包");
    }

    @Test
    @DisplayName("§6.2 frames from the course's struct.pack('i', n) (little-endian on x86) are echoed with --byte-order little")
    void echoesTheCoursesNativeOrderFramesWithByteOrderLittle() throws Exception {
        assertThat(littleClient.awaitExit()).as(littleClient.errors()).isZero();
        assertThat(littleClient.outputLines()).containsExactly("hello", "world", "你好, 粘包");
    }

    @Test
    @DisplayName("§6.2 the classroom's upload (struct.pack('i'), JSON header, 1024-byte chunks) is received whole by receive-file --byte-order little")
    void receivesTheClassroomsUpload() throws Exception {
        assertThat(uploader.awaitExit()).as(uploader.errors()).isZero();
        assertThat(receiver.awaitExit()).isZero();
        assertThat(receiver.output()).contains("receiving \"photo.jpg\" (100000 bytes)",
                "received \"photo.jpg\" in " + dir.resolve("inbox") + " (100000 bytes)");
        assertThat(Files.readAllBytes(dir.resolve("inbox").resolve("photo.jpg"))).isEqualTo(upload);
    }
}
