package socketlessons.homework.upload.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.homework.upload.ClassroomUploadServer;
import socketlessons.homework.upload.UploadServer;

/**
 * The §10.2 upload's server stages checked both ways: the module's own UploadServer and a right
 * Python server pass every stage; the classroom's own server fails stage 1. Each transcript is a
 * fixture in {@code fixtures/}. (The classic wrong servers in the upload's protocol are
 * {@link ServerMistakesStagesTest}'s, the client stages {@link UploadClientStagesTest}'s.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@DisplayName("homework/upload check: the §10.2 upload server stages, against right and broken servers")
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own (its own folder, server or client and ports), most of it waiting
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
        UploadServer.Settings settings = new UploadServer.Settings(dir, UploadServer.Settings.DEFAULT_MAX_SIZE, Duration.ofSeconds(PATIENT), 1); // 1 PBKDF2 iteration: every stage registers and logs in, and no assertion is about the hash's cost
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
}
