package socketlessons.tcpchat.check;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.tcpchat.ChatClient;

/**
 * The §4.2 chat client stages checked both ways: lesson02's ChatClient and the course's
 * client.py pass them; a client that leaves on q without sending it fails "q quits and
 * closes", one that prints before it has received fails "prints the answer". The checker
 * plays the server and types at the client's keyboard. Each transcript is a fixture in
 * {@code fixtures/}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson02 check: the §4.2 chat client stages, against right and broken clients")
class ChatClientStagesTest {

    private static final int PATIENT = 60;
    private static final int SHORT = 3;
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
        List<String> command = CheckRun.java(ChatClient.class, "--port", "{port}");
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
