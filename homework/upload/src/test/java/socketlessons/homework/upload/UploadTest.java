package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.homework.Messages;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 上传文件: upload, download and list, each user in their own folder")
class UploadTest {

    @TempDir
    Path dir;

    private UploadFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new UploadFixture(dir.resolve("server"));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    @DisplayName("§10.2 基础: a file goes up and comes back down byte for byte; both ends report the same SHA-256")
    void uploadsAndDownloadsTheSameBytes() throws Exception {
        Path file = UploadFixture.randomFile(dir.resolve("client"), "report.bin", 1, 3 * 1024 * 1024 + 7);
        UploadClient alice = fixture.client("alice");

        UploadClient.Transfer stored = alice.upload(file, "report.bin", Progress.NONE);
        UploadClient.Transfer got = alice.download("report.bin", dir.resolve("downloads"), Progress.NONE);

        String sha256 = UploadFixture.sha256(file);
        assertThat(stored).isEqualTo(new UploadClient.Transfer("report.bin", Files.size(file), sha256, 0));
        assertThat(got.sha256()).isEqualTo(sha256);
        assertThat(dir.resolve("downloads/report.bin")).hasSameBinaryContentAs(file);
        assertThat(fixture.folder("alice").resolve("report.bin")).hasSameBinaryContentAs(file);
        assertThat(alice.list()).containsExactly(new UploadStore.StoredFile("report.bin", Files.size(file)));
        assertThat(UploadFixture.filesUnder(dir.resolve("downloads"))).containsExactly("report.bin");
    }

    @Test
    @DisplayName("§10.2 an empty file is a file too: 0 bytes up, 0 bytes down")
    void uploadsAnEmptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        UploadClient alice = fixture.client("alice");

        assertThat(alice.upload(empty, "empty.txt", Progress.NONE).sha256()).isEqualTo(UploadFixture.sha256(new byte[0]));
        alice.download("empty.txt", dir.resolve("downloads"), Progress.NONE);

        assertThat(dir.resolve("downloads/empty.txt")).isEmptyFile();
    }

    @Test
    @DisplayName("§10.2 a new upload of a name replaces the old file whole")
    void replacesAFileWhole() throws Exception {
        UploadClient alice = fixture.client("alice");
        alice.upload(UploadFixture.randomFile(dir.resolve("v1"), "notes.txt", 1, 5000), "notes.txt", Progress.NONE);
        Path second = UploadFixture.randomFile(dir.resolve("v2"), "notes.txt", 2, 300);

        alice.upload(second, "notes.txt", Progress.NONE);

        assertThat(fixture.folder("alice").resolve("notes.txt")).hasSameBinaryContentAs(second);
        assertThat(UploadFixture.filesUnder(fixture.folder("alice"))).containsExactly("notes.txt");
    }

    @Test
    @DisplayName("§10.2 登陆: nothing is uploaded, downloaded or listed before a login; a wrong password is refused")
    void requiresLogin() throws Exception {
        fixture.client("alice").close();
        try (UploadFixture.Raw stranger = new UploadFixture.Raw(fixture.address())) {
            for (String type : new String[] {"upload", "download", "list"}) {
                stranger.send(Messages.message(type).put("name", "x.txt").put("size", 1));
                assertThat(Messages.text(stranger.expect("error"), "message")).isEqualTo("log in first");
            }
            stranger.send(Messages.message("login").put("user", "alice").put("password", "not the password"));
            assertThat(Messages.text(stranger.expect("error"), "message")).isEqualTo("wrong user name or password");
        }
        assertThat(UploadFixture.filesUnder(fixture.data.resolve("files"))).isEmpty();
    }

    @Test
    @DisplayName("§10.2 each user has a folder of their own: bob neither sees nor downloads alice's file")
    void keepsEachUsersFilesApart() throws Exception {
        UploadClient alice = fixture.client("alice");
        alice.upload(UploadFixture.randomFile(dir, "diary.txt", 3, 100), "diary.txt", Progress.NONE);
        UploadClient bob = fixture.client("bob");

        assertThat(bob.list()).isEmpty();
        assertThatThrownBy(() -> bob.download("diary.txt", dir.resolve("bob"), Progress.NONE))
                .isInstanceOf(UploadClient.Refused.class).hasMessage("no file named diary.txt");
        assertThat(dir.resolve("bob")).doesNotExist();
        assertThat(alice.list()).extracting(UploadStore.StoredFile::name).containsExactly("diary.txt");
    }

    @Test
    @DisplayName("§10.2 a file is never visible under its name half-written: while its body arrives it is a hidden partial file, unlisted")
    void keepsAHalfWrittenFileUnderATemporaryName() throws Exception {
        byte[] body = UploadFixture.randomBytes(4, 10_000);
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.beginUpload("big.bin", body.length);
        raw.write(Arrays.copyOf(body, 6_000));
        fixture.awaitPartial("alice", "big.bin", 10_000, 6_000);
        Path partial = fixture.folder("alice").resolve(".big.bin.10000.part");

        assertThat(fixture.folder("alice").resolve("big.bin")).doesNotExist();
        assertThat(fixture.client("alice").list()).isEmpty();

        raw.write(Arrays.copyOfRange(body, 6_000, body.length));
        raw.send(Messages.message("end").put("sha256", UploadFixture.sha256(body)));
        raw.expect("stored");
        assertThat(fixture.folder("alice").resolve("big.bin")).hasBinaryContent(body);
        assertThat(partial).doesNotExist();
    }

    @Test
    @DisplayName("§10.2 SHA-256 校验: a body whose hash is not the one announced is not stored; its partial file is deleted and the client told why")
    void refusesABodyWhoseHashDoesNotMatch() throws Exception {
        byte[] body = UploadFixture.randomBytes(5, 1000);
        byte[] damaged = body.clone();
        damaged[500] ^= 1; // one bit flipped on the way
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.beginUpload("photo.jpg", body.length);
        raw.write(damaged);
        raw.send(Messages.message("end").put("sha256", UploadFixture.sha256(body)));

        assertThat(Messages.text(raw.expect("error"), "message")).startsWith(
                "SHA-256 mismatch: the bytes received hash to " + UploadFixture.sha256(damaged) + ", the client said " + UploadFixture.sha256(body)
                        + "; the partial file is deleted");
        assertThat(UploadFixture.filesUnder(fixture.folder("alice"))).isEmpty();
        raw.send(Messages.message("list")); // the connection is still in step
        assertThat(raw.expect("files").path("files")).isEmpty();
    }

    @Test
    @DisplayName("§10.2 a client that sends the whole body and closes without the end message: the partial is kept; the resume sends only the end")
    void keepsACompleteBodyWhoseEndNeverCame() throws Exception {
        byte[] body = UploadFixture.randomBytes(6, 1000);
        try (UploadFixture.Raw raw = fixture.raw("alice")) {
            raw.beginUpload("whole.bin", body.length);
            raw.write(body);
            raw.socket.shutdownOutput(); // a normal close (FIN), as when the client is killed
            assertThat(raw.read()).as("the server closes too").isNull();
        }
        Path file = Files.write(dir.resolve("whole.bin"), body);

        assertThat(fixture.client("alice").upload(file, "whole.bin", Progress.NONE).resumedAt()).isEqualTo(1000);
        assertThat(fixture.folder("alice").resolve("whole.bin")).hasBinaryContent(body);
    }

    @Test
    @DisplayName("§10.2 an end message without a SHA-256 of 64 hex digits gets an error; the partial stays and a right end stores it")
    void asksForAProperEndMessage() throws Exception {
        byte[] body = UploadFixture.randomBytes(7, 500);
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.beginUpload("x.bin", body.length);
        raw.write(body);
        raw.send(Messages.message("end"));
        assertThat(Messages.text(raw.expect("error"), "message"))
                .isEqualTo("the end message needs a \"sha256\" of 64 hex digits; the partial file is kept: upload it again to send only the end");

        raw.beginUpload("x.bin", body.length);
        raw.send(Messages.message("end").put("sha256", UploadFixture.sha256(body)));
        assertThat(Messages.text(raw.expect("stored"), "sha256")).isEqualTo(UploadFixture.sha256(body));
    }

    @Test
    @DisplayName("§10.2 a list of 250 files comes in pages, so no answer outgrows its 64 KiB frame")
    void listsManyFilesInPages() throws Exception {
        UploadClient alice = fixture.client("alice");
        alice.list(); // makes alice's folder
        for (int i = 0; i < 250; i++) {
            Files.writeString(fixture.folder("alice").resolve(String.format("%03d-", i) + "n".repeat(190) + ".txt"), "x");
        }

        assertThat(alice.list()).hasSize(250).allMatch(f -> f.size() == 1);
        alice.upload(UploadFixture.randomFile(dir, "after.txt", 8, 10), "after.txt", Progress.NONE); // still in step
    }

    @Test
    @DisplayName("§10.2 登陆 twice, or registering a name that is taken, gets an error and the session goes on")
    void answersASecondLoginAndATakenName() throws Exception {
        UploadFixture.Raw raw = fixture.raw("alice");
        raw.send(Messages.message("login").put("user", "alice").put("password", UploadFixture.PASSWORD));
        assertThat(Messages.text(raw.expect("error"), "message")).isEqualTo("logged in already as alice");
        try (UploadFixture.Raw other = new UploadFixture.Raw(fixture.address())) {
            other.send(Messages.message("register").put("user", "alice").put("password", "another password"));
            assertThat(Messages.text(other.expect("error"), "message")).contains("alice");
        }
        raw.send(Messages.message("list"));
        raw.expect("files");
    }

    @Test
    @DisplayName("§10.2 (issue 20) uploads are their owner's alone on POSIX systems: folders 0700, files 0600, not the umask's 0755 and 0644 that every local user can read")
    void keepsUploadsReadableByTheServerOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions (Linux, macOS); Windows gives new files the folder's ACL");
        Path file = UploadFixture.randomFile(dir.resolve("client"), "secret.bin", 30, 1000);
        try (UploadClient alice = fixture.client("alice")) {
            alice.upload(file, "secret.bin", Progress.NONE);
        }

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fixture.folder("alice").resolve("secret.bin"))))
                .isEqualTo("rw-------");
        for (Path folder : new Path[] {fixture.data, fixture.data.resolve("files"), fixture.folder("alice")}) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).as(folder.toString())
                    .isEqualTo("rwx------");
        }
    }
}
