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
import socketlessons.tcpchat.ChatServer;

/**
 * The §4 chat server stages checked both ways: lesson02's ChatServer and the course's
 * server_loop.py pass them; the course's §4.2 server.py, which ends after its first client,
 * fails at "serves the next client". Each transcript is a fixture in {@code fixtures/}.
 * ChatServer runs as a child process, as {@code check} runs a student's program: lesson02's one
 * fixture on that path (the client's run in the test JVM, see {@link ChatClientStagesTest}).
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson02 check: the §4 chat server stages, against right and broken servers")
class ChatStagesTest {

    private static final int PATIENT = 60;
    /** A failing stage that waits it out; the steps before it are loopback messages and prints: milliseconds. */
    private static final int SHORT = 2;

    @TempDir
    Path dir;

    @Test
    @DisplayName("§4.3 ChatServer (lines) passes every stage, the checker typing its answers")
    void passesChatServer() throws Exception {
        List<String> command = CheckRun.java(ChatServer.class, "--port", "{port}");
        // ChatServer logs "conversation with ... ended" (after its prompt) as the conversation ends,
        // which races with the checker ending it once the client was hung up on: left out.
        CheckRun checker = CheckRun.of(ChatStages.all(false)).naming(command, "java socketlessons.tcpchat.ChatServer --port {port}")
                .ignoringProgramLines("(>>> )?(conversation with .*)?");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_java.txt");
    }

    @Test
    @DisplayName("§4.3 the course's server_loop.py passes every stage checked with --course-wire")
    void passesCourseServerLoop() throws Exception {
        List<String> command = CheckRun.coursePython(ChatServer.class, "course/server_loop.py", dir);
        CheckRun checker = CheckRun.of(ChatStages.all(true)).naming(command, "python3 server_loop.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_course_loop.txt");
    }

    @Test
    @DisplayName("§4.3 通信占用: the course's §4.2 server.py ends after its first client and fails \"serves the next client\"")
    void failsCourseServerWithoutOuterLoop() throws Exception {
        List<String> command = CheckRun.coursePython(ChatServer.class, "course/server.py", dir);
        CheckRun checker = CheckRun.of(ChatStages.all(true)).naming(command, "python3 server.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_course_no_loop.txt");
    }

    @Test
    @DisplayName("§4.3 通信占用: a server that ends after its first client fails the same way when the next client's connect gets in before it closes its listening socket")
    void failsServerWithoutOuterLoopWhenTheNextConnectGetsIn() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/server_closes_listener_late.py", dir);
        CheckRun checker = CheckRun.of(ChatStages.all(true)).naming(command, "python3 server_closes_listener_late.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_server_closes_listener_late.txt");
    }

    @Test
    @DisplayName("§4.3 通信占用: a server that closes its listening socket after its first client but runs on fails \"serves the next client\" with §4.3's hint, after one --timeout (not a second wait ending in a hint about PORT)")
    void failsServerThatClosesItsListenerAndRunsOnWithTheOuterLoopHint() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/server_closes_listener_late.py", dir, "runs-on");
        CheckRun checker = CheckRun.of(ChatStages.all(true)).naming(command, "python3 server_closes_listener_late.py runs-on");

        // the second client's message is not printed within --timeout (the program runs on): that one wait only
        CheckRun.assertMatches(checker.run("server", SHORT, command), 1, getClass(), "fixtures/fail_server_closes_listener_runs_on.txt");
    }
}
