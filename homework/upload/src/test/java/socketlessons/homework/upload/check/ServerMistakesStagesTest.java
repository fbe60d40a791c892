package socketlessons.homework.upload.check;

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

/**
 * The classic wrong upload servers, each a Python server in the upload's protocol with one of
 * the classroom's mistakes, fail at the stage that names the mistake, with its hint; each
 * transcript is a fixture in {@code fixtures/}. (A class apart from {@link UploadStagesTest} so
 * that the two run side by side.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@DisplayName("homework/upload check: the classroom's mistakes fail the §10.2 upload server stage that names them")
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own (its own folder, server and ports), most of it waiting
class ServerMistakesStagesTest {

    private static final int PATIENT = 60;
    /**
     * For a wrong server that goes silent: the stage fails after this long, so it is short (each
     * wait of the stages before is as long: a Python server answers a login in milliseconds).
     */
    private static final int SHORT = 2;

    @TempDir
    Path dir;

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
        // The server prints "closing: ..." when the checker hangs up on it: whether it does so before
        // the checker ends it at the stage's end depends on the scheduler, so that line is left out.
        CheckRun checker = CheckRun.of(UploadStages.all(null)).naming(command, "python3 upload_server.py " + mistake)
                .ignoringProgramLines("closing: .*");

        CheckRun.assertMatches(checker.run("server", timeout, command), exitCode, getClass(), fixture);
    }
}
