package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Background;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.homework.Messages;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 大文件 断点续传: an upload cut off anywhere continues from what the server holds")
class ResumeTest {

    private static final int SIZE = 300_000; // under one 1 MiB buffer: cuts land before, inside and after the body

    @TempDir
    Path dir;

    private UploadFixture fixture;

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** Client-to-server bytes of one whole upload conversation: login, upload, the body, and the end with its 64-hex SHA-256. */
    private static long conversationBytes(String name) throws IOException {
        byte[] end = Messages.JSON.writeValueAsBytes(Messages.message("end").put("sha256", "0".repeat(64)));
        return preamble("alice", name, SIZE) + SIZE + 4 + end.length;
    }

    /** Bytes of the two messages before a body: login and upload, as the client sends them. */
    static long preamble(String user, String name, long size) throws IOException {
        byte[] login = Messages.JSON.writeValueAsBytes(Messages.message("login").put("user", user).put("password", UploadFixture.PASSWORD));
        byte[] upload = Messages.JSON.writeValueAsBytes(Messages.message("upload").put("name", name).put("size", size));
        return 4 + login.length + 4 + upload.length;
    }

    /**
     * Uploads through a relay that cuts the connection after {@code cut} bytes, once the server
     * holds every body byte that passed (the body starts at {@code offset}, what the server held
     * before); returns how many bytes of the file the server holds then.
     */
    private long uploadCutAt(Path file, String name, long cut, long offset) throws Exception {
        long held = Math.min(SIZE, offset + Math.max(0, cut - preamble("alice", name, SIZE)));
        CountDownLatch release = new CountDownLatch(1);
        try (CuttingRelay relay = new CuttingRelay(fixture.address(), cut, release);
             UploadClient client = new UploadClient(relay.address(), Duration.ofSeconds(20))) {
            CompletableFuture<Void> uploading = Background.call(() -> {
                client.login("alice", UploadFixture.PASSWORD, false);
                client.upload(file, name, Progress.NONE);
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> relay.passedToServer() == cut);
            if (held > offset) { // the reset must not find body bytes still unread in the server's socket
                fixture.awaitPartial("alice", name, SIZE, held);
            }
            release.countDown();
            assertThatThrownBy(() -> uploading.get(20, TimeUnit.SECONDS)).as("the upload through a connection cut at byte %d", cut)
                    .isInstanceOf(java.util.concurrent.ExecutionException.class);
        }
        // The server has seen the cut when it has closed that connection: only then resume.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> fixture.server.openConnections() == 0);
        return held;
    }

    @Test
    @DisplayName("§10.2 断点续传: cut at 24 random bytes of the conversation (seeded), each upload resumes where the server's copy ends and ends identical to the source")
    void resumesAfterCutsAtRandomPoints() throws Exception {
        fixture = new UploadFixture(dir.resolve("server"));
        fixture.client("alice").close();
        Path file = UploadFixture.randomFile(dir.resolve("client"), "video.bin", 7, SIZE);
        Random random = new Random(2026);

        int resumedInsideTheBody = 0;
        for (int i = 0; i < 24; i++) {
            String name = "video-" + i + ".bin";
            long total = conversationBytes(name);
            long cut = 1 + (long) (random.nextDouble() * (total - 1)); // 1 .. total - 1: the last byte never arrives
            long held = uploadCutAt(file, name, cut, 0);

            try (UploadClient again = fixture.client("alice")) {
                UploadClient.Transfer stored = again.upload(file, name, Progress.NONE);

                assertThat(stored.resumedAt()).as("cut at byte %d of %d", cut, total).isEqualTo(held);
                assertThat(stored.sha256()).isEqualTo(UploadFixture.sha256(file));
            }
            assertThat(fixture.folder("alice").resolve(name)).as("cut at byte %d", cut).hasSameBinaryContentAs(file);
            assertThat(fixture.folder("alice").resolve("." + name + "." + SIZE + ".part")).doesNotExist();
            if (held > 0 && held < SIZE) {
                resumedInsideTheBody++;
            }
        }
        assertThat(resumedInsideTheBody).as("cuts that left part of the body on the server").isGreaterThanOrEqualTo(12);
    }

    @Test
    @DisplayName("§10.2 断点续传: one upload cut three times over ends identical, each attempt starting where the last one stopped")
    void resumesTheSameUploadAgainAndAgain() throws Exception {
        fixture = new UploadFixture(dir.resolve("server"));
        fixture.client("alice").close();
        Path file = UploadFixture.randomFile(dir.resolve("client"), "film.bin", 8, SIZE);
        long preamble = preamble("alice", "film.bin", SIZE);

        long before = 0;
        for (long into : new long[] {50_000, 60_000, 70_000}) {
            long held = uploadCutAt(file, "film.bin", preamble + into, before); // each attempt sends the same preamble
            assertThat(held).isEqualTo(before + into);
            before = held;
        }
        try (UploadClient last = fixture.client("alice")) {
            assertThat(last.upload(file, "film.bin", Progress.NONE).resumedAt()).isEqualTo(180_000);
        }
        assertThat(fixture.folder("alice").resolve("film.bin")).hasSameBinaryContentAs(file);
    }

    @Test
    @DisplayName("§10.2 fewer bytes, then silence: the server cuts the client off after its timeout and keeps the partial; the next attempt resumes")
    void cutsOffASilentClientAndKeepsItsPartial() throws Exception {
        fixture = new UploadFixture(dir.resolve("server"), UploadServer.Settings.DEFAULT_MAX_SIZE, Duration.ofSeconds(1));
        byte[] body = UploadFixture.randomBytes(9, 1000);
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.beginUpload("slow.bin", body.length);
        raw.write(Arrays.copyOf(body, 400));

        assertThat(raw.socket.getInputStream().read()).as("the server hangs up").isEqualTo(-1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> fixture.log.stream().anyMatch(l -> l.contains("silent for longer than 1000 ms")));
        assertThat(fixture.log).anyMatch(l -> l.endsWith("alice: \"slow.bin\" cut off at 400 of 1000 bytes, kept for a resume (Read timed out)"));
        assertThat(fixture.folder("alice").resolve("slow.bin")).doesNotExist();

        Path file = Files.write(dir.resolve("slow.bin"), body);
        try (UploadClient again = fixture.client("alice")) {
            assertThat(again.upload(file, "slow.bin", Progress.NONE).resumedAt()).isEqualTo(400);
        }
        assertThat(fixture.folder("alice").resolve("slow.bin")).hasBinaryContent(body);
    }

    @Test
    @DisplayName("§10.2 a source that changed between two attempts is not glued onto the old partial: the SHA-256 over the whole file refuses it, the partial goes, the next attempt starts at 0")
    void refusesToGlueAChangedSourceOntoAnOldPartial() throws Exception {
        fixture = new UploadFixture(dir.resolve("server"));
        fixture.client("alice").close();
        Path file = UploadFixture.randomFile(dir.resolve("client"), "draft.bin", 10, SIZE);
        assertThat(uploadCutAt(file, "draft.bin", preamble("alice", "draft.bin", SIZE) + 100_000, 0)).isEqualTo(100_000);
        UploadFixture.randomFile(dir.resolve("client"), "draft.bin", 11, SIZE); // edited meanwhile, same size

        try (UploadClient again = fixture.client("alice")) {
            assertThatThrownBy(() -> again.upload(file, "draft.bin", Progress.NONE))
                    .isInstanceOf(UploadClient.Refused.class).hasMessageStartingWith("SHA-256 mismatch").hasMessageEndingWith("the partial file is deleted, upload it again");
        }
        try (UploadClient third = fixture.client("alice")) {
            assertThat(third.upload(file, "draft.bin", Progress.NONE).resumedAt()).isZero();
        }
        assertThat(fixture.folder("alice").resolve("draft.bin")).hasSameBinaryContentAs(file);
    }
}
