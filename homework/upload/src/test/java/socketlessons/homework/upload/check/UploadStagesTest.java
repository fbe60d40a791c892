package socketlessons.homework.upload.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.homework.upload.ClassroomUploadServer;
import socketlessons.homework.upload.Launcher;
import socketlessons.homework.upload.UploadServer;

/**
 * The §10.2 upload stages checked both ways: the module's own UploadServer and UploadClient and
 * a right Python server and client pass every stage; the classic wrong ones fail at the stage
 * that names their mistake, with its hint. Each transcript is a fixture in {@code fixtures/}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@DisplayName("homework/upload check: the §10.2 upload stages, against right and broken servers and clients")
class UploadStagesTest {

    private static final int PATIENT = 60;
    /** For a wrong server that goes silent: the stage fails after this long, so it is short. */
    private static final int SHORT = 5;

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    @DisplayName("§10.2 UploadServer passes every server stage, and logs the refusals and the resume")
    void passesUploadServer() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        // 1,000 PBKDF2 iterations: every stage registers and logs in; lesson06 shows what the real count costs.
        UploadServer.Settings settings = new UploadServer.Settings(dir, UploadServer.Settings.DEFAULT_MAX_SIZE, Duration.ofSeconds(PATIENT), 1_000);
        try (UploadServer server = new UploadServer(new InetSocketAddress("127.0.0.1", 0), settings, log::add)) {
            executor.submit(server::serveForever);
            CheckRun.Result result = CheckRun.of(UploadStages.all(null))
                    .run("server", "--timeout", "" + PATIENT, "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 0, getClass(), "fixtures/pass_java.txt");
            assertThat(log).anyMatch(line -> line.contains("\"../upload-check-escape.txt\" refused"))
                    .anyMatch(line -> line.contains("\"resume.bin\" resumes at"));
        }
    }

    @Test
    @DisplayName("§10.2 a right Python server passes every server stage")
    void passesPythonServer() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/upload_server.py", dir, "-", dir.resolve("data").toString());
        CheckRun checker = CheckRun.of(UploadStages.all(null)).naming(command, "python3 upload_server.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_python.txt");
    }

    @Test
    @DisplayName("§10.2 the classroom's upload server (struct.pack('i') header, no answers) fails stage 1: no frame comes back")
    void failsClassroomUploadServer() throws Exception {
        try (ServerSocket sk = new ServerSocket()) {
            sk.bind(new InetSocketAddress("127.0.0.1", 0));
            executor.submit(() -> {
                try (Socket conn = sk.accept()) {
                    return ClassroomUploadServer.receive(conn, Files.createDirectories(dir.resolve("uploads")));
                }
            });
            CheckRun.Result result = CheckRun.of(UploadStages.all(null))
                    .run("server", "--timeout", "" + SHORT, "--port", "" + sk.getLocalPort());

            CheckRun.assertMatches(result, 1, getClass(), "fixtures/fail_classroom.txt");
        }
    }

    @Test
    @DisplayName("§10.2 the classroom's os.path.join(folder, name) passes the uploads and fails \"refuses ../\"")
    void failsServerThatTrustsTheName() throws Exception {
        assertMatchesPython("trust-name", PATIENT, 1, "fixtures/fail_trust_name.txt");
    }

    @Test
    @DisplayName("§10.2 the classroom's recv(1024) countdown swallows the end message: \"stores a small file\" fails")
    void failsCountdownServer() throws Exception {
        assertMatchesPython("countdown", SHORT, 1, "fixtures/fail_countdown.txt");
    }

    @Test
    @DisplayName("§6 拆包: one recv per read passes whole messages and fails \"a large file in pieces\"")
    void failsOneRecvServer() throws Exception {
        assertMatchesPython("one-recv", PATIENT, 1, "fixtures/fail_one_recv.txt");
    }

    @Test
    @DisplayName("§10.2 断点续传: a server that starts every upload at 0 fails \"resumes a cut upload\"")
    void failsServerWithoutResume() throws Exception {
        assertMatchesPython("no-resume", PATIENT, 1, "fixtures/fail_no_resume.txt");
    }

    private void assertMatchesPython(String mistake, int timeout, int exitCode, String fixture) throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/upload_server.py", dir, mistake, dir.resolve("data").toString());
        CheckRun checker = CheckRun.of(UploadStages.all(null)).naming(command, "python3 upload_server.py " + mistake);

        CheckRun.assertMatches(checker.run("server", timeout, command), exitCode, getClass(), fixture);
    }

    @Test
    @DisplayName("§10.2 a right Python client passes every client stage")
    void passesPythonClient() throws Exception {
        Path file = numberedFile();
        List<String> command = CheckRun.python(getClass(), "programs/upload_client.py", dir, file.toString());
        CheckRun checker = CheckRun.of(UploadStages.all(file)).naming(command, "python3 upload_client.py upload.bin");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_python.txt");
    }

    @Test
    @DisplayName("§10.2 断点续传: a client that sends the whole file whatever the offset fails \"resumes from the offset\"")
    void failsClientWithoutResume() throws Exception {
        Path file = numberedFile();
        List<String> command = CheckRun.python(getClass(), "programs/upload_client.py", dir, file.toString(), "no-resume");
        CheckRun checker = CheckRun.of(UploadStages.all(file)).naming(command, "python3 upload_client.py upload.bin no-resume");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 1, getClass(), "fixtures/fail_client_no_resume.txt");
    }

    @Test
    @DisplayName("§10.2 the module's own client (upload, in a child JVM) passes every client stage")
    void passesUploadClient() throws Exception {
        Path file = numberedFile();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                "upload", "--port", "{port}", "--user", UploadStages.USER, "--progress", "none", file.toString()));
        // Stages 1 and 2 end the client while it waits: whether it printed its welcome, or its
        // Ctrl+C hook its "interrupted" line, before it was ended depends on the scheduler.
        CheckRun checker = CheckRun.of(UploadStages.all(file)).naming(command, "java -jar homework-upload.jar upload --port {port} --user checker"
                + " --progress none upload.bin").ignoringProgramLines("welcome checker|interrupted: .*");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_java.txt");
    }

    /** 100,000 bytes of numbered lines: a client that sends from the wrong place differs at once. */
    private Path numberedFile() throws Exception {
        return Files.write(dir.resolve("upload.bin"), UploadStages.numbered(100_000));
    }
}
