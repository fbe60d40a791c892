package socketlessons.homework.upload.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.homework.upload.Launcher;

/**
 * The §10.2 upload's client stages checked both ways: the module's own client ({@code upload})
 * and a right Python client pass every stage; a client that ignores the offset fails at the
 * resume. Each transcript is a fixture in {@code fixtures/}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@DisplayName("homework/upload check: the §10.2 upload client stages, against right and broken clients")
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own (its own folder, server or client and ports), most of it waiting
class UploadClientStagesTest {

    private static final int PATIENT = 60;

    @TempDir
    Path dir;

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
    @DisplayName("§10.2 the module's own client (upload, run by the checker in this JVM) passes every client stage")
    void passesUploadClient() throws Exception {
        Path file = numberedFile();
        // In this JVM, not a JVM per stage (the same transcript); the Python fixtures here keep the checker's real processes tested.
        List<String> command = CheckRun.inProcess(Launcher::run,
                "upload", "--port", "{port}", "--user", UploadStages.USER, "--progress", "none", file.toString());
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
