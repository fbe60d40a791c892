package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.Background;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 进阶：考虑大文件: a file larger than the heap, in constant memory, its client killed halfway and resumed")
class LargeFileTest {

    /**
     * The default build uses a file twice the heap (enough to show constant memory, in a few
     * seconds: the heap is 16 MiB so that the file, hashed by the test at the C1 compiler's pace, is
     * only 32 MiB). The 2 GiB + 1 byte (past any int holding a size or an offset) takes about
     * half a minute here: {@code ./mvnw -pl homework/upload -am verify -Dtest=LargeFileTest -Dsurefire.failIfNoSpecifiedTests=false -Dupload.large.size=2147483649}.
     */
    static Stream<Arguments> sizes() {
        long size = Long.getLong("upload.large.size", DEFAULT_SIZE);
        return Stream.of(Arguments.of(Named.of(Progress.bytes(size) + " (" + size + " bytes)", size)));
    }

    /** The heap of the server's and the clients' JVMs: the default file is twice as big. */
    private static final String HEAP = "16m";
    private static final long DEFAULT_SIZE = (32L << 20) + 1;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "§10.2 a {0} file through a server and a client each started with -Xmx" + HEAP + "; the client is killed (kill -9) when exactly half the body is on the server, a new one resumes, and the server's copy is the source's bytes and SHA-256")
    @MethodSource("sizes")
    void uploadsALargeFileInConstantMemoryAndResumesAfterKill(long size) throws Exception {
        Path file = ClassroomUploadTest.sparseFile(dir.resolve("client/disk.img"), size);
        // Hashed while the server starts (SHA-256 without its intrinsic here: the test JVM runs C1 alone).
        CompletableFuture<String> sha256 = Background.call(() -> UploadFixture.sha256(file));
        Path data = dir.resolve("server");
        boolean c1Only = size <= DEFAULT_SIZE; // gigabytes need C2's SHA-256 intrinsic (see ChildJvm)
        // The runnable classes' own mains (an IDE's Run button), so this test runs them too: UploadServer is upload-server, UploadClient is upload.
        try (ChildJvm server = new ChildJvm(HEAP, c1Only, UploadServer.class, dir, "",
                "--port", "0", "--data", data.toString(), "--iterations", "" + UploadFixture.ITERATIONS)) {
            int port = Integer.parseInt(server.awaitOutput("listening on 127\\.0\\.0\\.1:(\\d+)"));
            // The child JVM's first login loads the password store's crypto: on a busy machine that took more than 10 s.
            try (UploadClient register = new UploadClient(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(60))) {
                register.login("alice", UploadFixture.PASSWORD, true);
            }
            long half = size / 2;
            long cut = ResumeTest.preamble("alice", "disk.img", size) + half;
            Path partial = data.resolve("files/alice/.disk.img." + size + ".part");
            CountDownLatch release = new CountDownLatch(1);
            try (CuttingRelay relay = new CuttingRelay(new InetSocketAddress("127.0.0.1", port), cut, release);
                 ChildJvm first = new ChildJvm(HEAP, c1Only, UploadClient.class, dir, UploadFixture.PASSWORD + "\n", "--port",
                         Integer.toString(relay.address().getPort()), "--user", "alice", "--progress", "lines", file.toString())) {
                // The relay passes exactly half the body and holds; once the server has written all of it, kill -9 the client.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> relay.passedToServer() == cut);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> Files.exists(partial) && Files.size(partial) == half);
                first.kill();
                release.countDown();
            }
            assertThat(server.awaitOutput("alice: \"disk\\.img\" cut off at (\\d+) of " + size + " bytes, kept for a resume")).isEqualTo(Long.toString(half));
            String[] upload = {"--port", Integer.toString(port), "--user", "alice", "--progress", "lines", file.toString()};

            try (ChildJvm second = new ChildJvm(HEAP, c1Only, UploadClient.class, dir, UploadFixture.PASSWORD + "\n", upload)) {
                assertThat(second.awaitExit()).as(second.output()).isZero();
                assertThat(second.output())
                        .contains("resuming: the server holds ")
                        .contains("stored disk.img: " + size + " bytes (resumed at " + half + "), sha256 " + sha256.get(60, TimeUnit.SECONDS));
            }
            Path stored = data.resolve("files/alice/disk.img");
            assertThat(Files.size(stored)).isEqualTo(size);
            assertThat(Files.mismatch(stored, file)).as("the first byte where the server's copy differs from the source").isEqualTo(-1L);
            assertThat(server.output()).doesNotContain("OutOfMemoryError");
        }
    }
}
