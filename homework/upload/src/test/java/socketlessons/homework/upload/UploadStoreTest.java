package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 the upload store on its own (no sockets): one writer per name, partials kept apart")
class UploadStoreTest {

    @TempDir
    Path root;

    private static void write(UploadStore.Upload upload, byte[] bytes) throws Exception {
        upload.write(bytes, 0, bytes.length);
    }

    @Test
    @DisplayName("§10.2 the lock on a name passes from a finished upload to the next one and stays there: a third is refused")
    void passesTheLockOnOnceOnly() throws Exception {
        UploadStore store = new UploadStore(root, 1_000);
        byte[] body = UploadFixture.randomBytes(1, 10);
        UploadStore.Upload first = store.begin("alice", "a.txt", 10);
        write(first, body);
        first.commit(UploadFixture.sha256(body)); // the client hears "stored" now, and may start again at once

        UploadStore.Upload second = store.begin("alice", "a.txt", 10);
        first.close(); // the first connection's handler ends only now

        assertThatThrownBy(() -> store.begin("alice", "a.txt", 10)).isInstanceOf(UploadStore.Refused.class)
                .hasMessage("a.txt is being uploaded by another connection; try again when that one ends");
        second.close();
        store.begin("alice", "a.txt", 10).close();
    }

    @Test
    @DisplayName("§10.2 A.txt and a.txt are one file on Windows and macOS: while one is uploaded the other waits")
    void takesNamesThatDifferInCaseAsOne() throws Exception {
        UploadStore store = new UploadStore(root, 1_000);
        try (UploadStore.Upload lower = store.begin("alice", "a.txt", 10)) {
            assertThatThrownBy(() -> store.begin("alice", "A.TXT", 10)).isInstanceOf(UploadStore.Refused.class);
        }
    }

    @Test
    @DisplayName("§10.2 an upload of \"a\" leaves the partial of \"a.b\" alone; only its own partial of another size goes")
    void dropsOnlyItsOwnOlderPartials() throws Exception {
        UploadStore store = new UploadStore(root, 1_000);
        try (UploadStore.Upload other = store.begin("alice", "a.b", 100)) {
            write(other, new byte[40]);
        }
        try (UploadStore.Upload old = store.begin("alice", "a", 50)) {
            write(old, new byte[20]);
        }

        try (UploadStore.Upload a = store.begin("alice", "a", 60)) {
            assertThat(a.offset()).as("a different size: a different file").isZero();
        }
        assertThat(UploadFixture.filesUnder(root)).containsExactlyInAnyOrder("alice/.a.b.100.part", "alice/.a.60.part");
        try (UploadStore.Upload resumed = store.begin("alice", "a.b", 100)) {
            assertThat(resumed.offset()).isEqualTo(40);
        }
    }

    @Test
    @DisplayName("§10.2 a user name that is not a safe folder name gets no folder")
    void refusesUnsafeUserFolders() throws Exception {
        UploadStore store = new UploadStore(root.resolve("files"), 1_000);
        for (String user : new String[] {"..", ".", "ALICE", "alice."}) {
            assertThatThrownBy(() -> store.list(user)).as(user).hasMessageStartingWith("user names here are lower case letters");
        }
        assertThat(Files.list(root.resolve("files"))).isEmpty();
    }

    @Test
    @DisplayName("§10.2 断点续传 inside a disk block, with the body written around the page cache (O_DIRECT where the disk allows): the partial holds every byte written, and the resumed file is the source byte for byte")
    void resumesInsideADiskBlockWhateverTheWritePath() throws Exception {
        UploadStore store = new UploadStore(root, 10_000_000);
        byte[] body = UploadFixture.randomBytes(60, 3 * 1024 * 1024 + 7);
        int cut = 1_234_567; // not a multiple of any block size
        try (UploadStore.Upload first = store.begin("alice", "big.bin", body.length)) {
            first.write(body, 0, cut);
        } // cut off: the partial is kept
        assertThat(root.resolve("alice/.big.bin." + body.length + ".part")).hasSize(cut);

        try (UploadStore.Upload resumed = store.begin("alice", "big.bin", body.length)) {
            assertThat(resumed.offset()).isEqualTo(cut);
            resumed.write(body, cut, body.length - cut);
            resumed.commit(UploadFixture.sha256(body));
        }
        assertThat(root.resolve("alice/big.bin")).hasBinaryContent(body);
    }
}
