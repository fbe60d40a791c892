package socketlessons.socketserver.check;

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
import socketlessons.socketserver.Launcher;
import socketlessons.socketserver.UpperEchoHandler;

/**
 * The §9 client stages checked both ways: lesson07's UpperClient (a line end after each line)
 * and the course's client.py (none) pass them; a client that sends q before it tests for it,
 * and one whose reading thread keeps it and its socket alive after q, fail "q quits". Each
 * transcript is a fixture in {@code fixtures/}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson07 check client: the §9 uppercase echo's client stages, against right and broken clients")
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
class UpperClientStagesTest {

    private static final int PATIENT = 60;
    private static final int SHORT = 3;
    /**
     * The course's input('>>>') prompt, alone on its line: after the last answer of a stage the
     * client prints it while the checker ends the program, so it shows in some runs and not others.
     */
    private static final String PROMPT_ALONE = "(>>>)+";

    @TempDir
    Path dir;

    @Test
    @DisplayName("§9 UpperClient passes every client stage")
    void passesUpperClient() throws Exception {
        // UpperClient.main, on a thread of this JVM: the Python fixtures below keep the checker's process path tested
        List<String> command = CheckRun.inProcess(Launcher::run, "client", "--port", "{port}");
        CheckRun checker = CheckRun.of(UpperEchoStages.all()).naming(command, "java UpperClient --port {port}");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_java.txt");
    }

    @Test
    @DisplayName("§9 the course's client.py (input, send, recv(1024), print; Q quits) passes every client stage")
    void passesCourseClient() throws Exception {
        List<String> command = CheckRun.coursePython(UpperEchoHandler.class, "course/client.py", dir);
        CheckRun checker = CheckRun.of(UpperEchoStages.all()).naming(command, "python3 client.py").ignoringProgramLines(PROMPT_ALONE);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_course.txt");
    }

    @Test
    @DisplayName("§9 a client that sends q before it tests for it fails stage 3 (q quits): the server gets \"q\"")
    void failsClientThatSendsQ() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/upper_client_sends_q.py", dir);
        CheckRun checker = CheckRun.of(UpperEchoStages.all()).naming(command, "python3 upper_client_sends_q.py").ignoringProgramLines(PROMPT_ALONE);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 1, getClass(), "fixtures/fail_client_sends_q.txt");
    }

    @Test
    @DisplayName("§9 a client that never closes (its reading thread keeps it alive) fails stage 3 (q quits) after the timeout")
    void failsClientThatNeverCloses() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/upper_client_no_close.py", dir);
        CheckRun checker = CheckRun.of(UpperEchoStages.all()).naming(command, "python3 upper_client_no_close.py");

        CheckRun.assertMatches(checker.run("client", SHORT, command), 1, getClass(), "fixtures/fail_client_no_close.txt");
    }
}
