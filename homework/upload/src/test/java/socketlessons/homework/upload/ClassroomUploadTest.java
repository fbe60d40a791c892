package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.Background;
import socketlessons.sticky.HeaderCodec;
import socketlessons.homework.Messages;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 上传文件 as the classroom wrote it: three failures reproduced, and the upload that avoids each")
class ClassroomUploadTest {

    @TempDir
    Path dir;

    /** A file of {@code size} bytes that takes no disk and no time to make (a sparse file: its bytes read as zeros). */
    static Path sparseFile(Path file, long size) throws Exception {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    /** The heap of the clients' JVMs; the file is twice as big (and hashed by the test at the C1 compiler's pace, so no bigger). */
    private static final String HEAP = "16m";
    private static final long SIZE = 32L << 20;

    @Test
    @DisplayName("§10.2 classroom bug: content = f.read() holds the whole file in memory: a 32 MiB file with a 16 MiB heap dies with OutOfMemoryError")
    void reproducesWholeFileInMemoryFailingAboveTheHeap() throws Exception {
        Path file = sparseFile(dir.resolve("big.iso"), SIZE);
        try (ServerSocket listening = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ChildJvm client = new ChildJvm(HEAP, ClassroomUploadClient.class, dir, "",
                     file.toString(), "127.0.0.1", Integer.toString(listening.getLocalPort()))) {

            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.output()).contains("java.lang.OutOfMemoryError: Java heap space").contains("readAllBytes");
        }
    }

    @Test
    @DisplayName("§10.2 fix: the body streams through a few 1 MiB buffers: the same 32 MiB file goes up from a client with a 16 MiB heap")
    void fixesWholeFileInMemoryByStreaming() throws Exception {
        Path file = sparseFile(dir.resolve("big.iso"), SIZE);
        // Hashed while the client runs (SHA-256 without its intrinsic here: the test JVM runs C1 alone).
        CompletableFuture<String> sha256 = Background.call(() -> UploadFixture.sha256(file));
        try (UploadFixture fixture = new UploadFixture(dir.resolve("server"))) {
            fixture.client("alice").close();
            try (ChildJvm client = new ChildJvm(HEAP, Launcher.class, dir, UploadFixture.PASSWORD + "\n",
                    "upload", "--port", Integer.toString(fixture.address().getPort()), "--user", "alice", "--progress", "none", file.toString())) {

                assertThat(client.awaitExit()).as(client.output()).isZero();
                assertThat(client.output()).contains("stored big.iso: " + SIZE + " bytes, sha256 " + sha256.get(60, TimeUnit.SECONDS));
            }
            assertThat(Files.size(fixture.folder("alice").resolve("big.iso"))).isEqualTo(SIZE);
        }
    }

    /** Classroom bytes for one upload: the §6 header, the body, then the MD5's 32 hex characters. */
    private static byte[] classroomUpload(String filename, byte[] body) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new HeaderCodec(ByteOrder.LITTLE_ENDIAN).writeHeader(bytes, new HeaderCodec.FileHeader(filename, body.length));
        bytes.write(body);
        bytes.write(md5(body).getBytes(StandardCharsets.US_ASCII));
        return bytes.toByteArray();
    }

    private static String md5(byte[] body) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(body));
    }

    /** The classroom server receives {@code upload}, reading only once every byte of it has arrived. */
    private static ClassroomUploadServer.Received classroomServerReceives(byte[] upload, Path folder) throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.connect(listening.getLocalSocketAddress());
            try (Socket conn = listening.accept()) {
                OutputStream out = client.getOutputStream();
                out.write(upload);
                client.shutdownOutput(); // the classroom client is done; its MD5 read will see the end
                InputStream in = conn.getInputStream();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> in.available() >= upload.length);
                return ClassroomUploadServer.receive(conn, folder);
            }
        }
    }

    @Test
    @DisplayName("§10.2 classroom bug: recv(1024) until the count runs out: the last read swallows the MD5 after the body into the file, and the MD5 check finds nothing")
    void reproducesCountdownSwallowingTheMd5() throws Exception {
        byte[] body = UploadFixture.randomBytes(20, 3_000); // 1024 + 1024 + 952: the third read asks for 72 more than the body has
        Path folder = Files.createDirectories(dir.resolve("uploads"));

        ClassroomUploadServer.Received got = classroomServerReceives(classroomUpload("photo.jpg", body), folder);

        byte[] saved = Files.readAllBytes(folder.resolve("photo.jpg"));
        assertThat(saved).hasSize(3_032);
        assertThat(new String(saved, 3_000, 32, StandardCharsets.US_ASCII)).isEqualTo(md5(body));
        assertThat(got.md5Received()).as("what recv(32) got after the loop").isEmpty();
        assertThat(got.md5Matches()).isFalse();
    }

    @Test
    @DisplayName("§10.2 fix: the body is read with bounded reads, so the message after it stays for the next read: the file is exactly the body")
    void fixesCountdownByBoundedReads() throws Exception {
        byte[] body = UploadFixture.randomBytes(20, 3_000);
        try (UploadFixture fixture = new UploadFixture(dir.resolve("server"));
             UploadFixture.Raw raw = fixture.raw("alice")) {
            raw.beginUpload("photo.jpg", body.length);
            java.io.ByteArrayOutputStream bodyAndEnd = new java.io.ByteArrayOutputStream();
            bodyAndEnd.write(body);
            byte[] end = Messages.JSON.writeValueAsBytes(Messages.message("end").put("sha256", UploadFixture.sha256(body)));
            bodyAndEnd.write(java.nio.ByteBuffer.allocate(4).putInt(end.length).array());
            bodyAndEnd.write(end);
            raw.write(bodyAndEnd.toByteArray()); // the body and the message after it in one write, as the classroom client did

            assertThat(Messages.text(raw.expect("stored"), "sha256")).isEqualTo(UploadFixture.sha256(body));
            assertThat(fixture.folder("alice").resolve("photo.jpg")).hasBinaryContent(body);
        }
    }

    @Test
    @DisplayName("§10.2 classroom bug: os.path.join(folder, filename) takes the client's ../../x: the file lands two folders above the upload folder")
    void reproducesFileNameEscapingTheUploadFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("srv/www/uploads"));

        byte[] body = "owned\n".getBytes(StandardCharsets.UTF_8);

        classroomServerReceives(classroomUpload("../../x", body), folder);

        assertThat(dir.resolve("srv/x")).hasContent("owned\n" + md5(body)); // (and the countdown took the MD5 in too)
        assertThat(UploadFixture.filesUnder(folder)).isEmpty();
    }

    @Test
    @DisplayName("§10.2 fix: only a plain file name is taken: ../../x is refused with the reason and nothing is written anywhere")
    void fixesFileNameEscapeByTakingPlainNamesOnly() throws Exception {
        try (UploadFixture fixture = new UploadFixture(dir.resolve("srv"));
             UploadFixture.Raw raw = fixture.raw("alice")) {
            raw.send(Messages.message("upload").put("name", "../../x").put("size", 6));

            assertThat(Messages.text(raw.expect("error"), "message"))
                    .isEqualTo("file name with a path separator (/): only a plain name is allowed, not ../../x");
            assertThat(UploadFixture.filesUnder(dir)).containsExactly("srv/users.txt");
        }
    }

    @Test
    @DisplayName("§10.2 the classroom's two programs run as the notes show: a small file goes across (25 bytes, or 57 when the MD5 is swallowed: the reproduction above makes that certain)")
    void classroomProgramsRunAsShown() throws Exception {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello from the classroom\n");
        try (ChildJvm server = new ChildJvm("64m", ClassroomUploadServer.class, dir, "", dir.resolve("uploads").toString(), "0")) {
            String port = server.awaitOutput("listening on 127\\.0\\.0\\.1:(\\d+)");
            try (ChildJvm client = new ChildJvm("64m", ClassroomUploadClient.class, dir, "", file.toString(), "127.0.0.1", port)) {
                assertThat(client.awaitExit()).as(client.output()).isZero();
                assertThat(client.output()).contains("sent " + file + " (25 bytes) and its MD5");
            }
            server.awaitOutput("saved .*hello\\.txt \\((25|57) bytes\\), MD5");
        }
        assertThat(Files.readString(dir.resolve("uploads/hello.txt"))).startsWith("hello from the classroom\n");
    }
}
