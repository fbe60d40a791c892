package socketlessons.tcpchat.check;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.tcpchat.ChatClient;
import socketlessons.tcpchat.Launcher;

/**
 * The §4.2 chat client stages checked both ways: lesson02's ChatClient and the course's
 * client.py pass them; a client that leaves on q without sending it fails "q quits and
 * closes", one that prints before it has received fails "prints the answer". The checker
 * plays the server and types at the client's keyboard. Each transcript is a fixture in
 * {@code fixtures/}. ChatClient runs in this JVM (a JVM start per stage costs more than the
 * stage); {@link ChatStagesTest} runs ChatServer as a process.
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson02 check: the §4.2 chat client stages, against right and broken clients")
class ChatClientStagesTest {

    private static final int PATIENT = 60;
    /**
     * The failing stage waits it out. The steps before it are a loopback message and a print by a
     * program that has already started (starting has --start-timeout's 30 s): milliseconds.
     */
    private static final int SHORT = 2;
    /**
     * A client prompts again after it printed an answer, and ChatClient says how the
     * conversation ended after it closed: both race with the checker ending the program once
     * the stage passed, so prompts alone on a line, empty lines and that last word are left out.
     */
    private static final String RACING = "(>>> ?)?|conversation ended: .*";

    @TempDir
    Path dir;

    @Test
    @DisplayName("§4.2 ChatClient (lines) passes every client stage, the checker playing the server")
    void passesChatClient() throws Exception {
        List<String> command = CheckRun.inProcess(Launcher::run, "client", "--port", "{port}"); // ChatClient.main, in this JVM
        CheckRun checker = CheckRun.of(ChatStages.all(false)).naming(command, "java socketlessons.tcpchat.ChatClient --port {port}")
                .ignoringProgramLines(RACING);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_java.txt");
    }

    @Test
    @DisplayName("§4.2 the course's client.py passes every client stage checked with --course-wire")
    void passesCourseClient() throws Exception {
        List<String> command = CheckRun.coursePython(ChatClient.class, "course/client.py", dir);
        CheckRun checker = CheckRun.of(ChatStages.all(true)).naming(command, "python3 client.py").ignoringProgramLines(RACING);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_course.txt");
    }

    @Test
    @DisplayName("§4.2 q: a client that leaves on q without sending it fails \"q quits and closes\": the server sees only the end of the connection")
    void failsClientThatNeverSendsQ() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/client_quits_silently.py", dir);
        CheckRun checker = CheckRun.of(ChatStages.all(true)).naming(command, "python3 client_quits_silently.py").ignoringProgramLines(RACING);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 1, getClass(), "fixtures/fail_client_no_q.txt");
    }

    @Test
    @DisplayName("§4.2 half-duplex: a client that prints before it has received fails \"prints the answer\" after the timeout")
    void failsClientThatPrintsBeforeReceiving() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/client_prints_before_receiving.py", dir);
        CheckRun checker = CheckRun.of(ChatStages.all(true)).naming(command, "python3 client_prints_before_receiving.py")
                .ignoringProgramLines(RACING);

        CheckRun.assertMatches(checker.run("client", SHORT, command), 1, getClass(), "fixtures/fail_client_prints_first.txt");
    }
}
