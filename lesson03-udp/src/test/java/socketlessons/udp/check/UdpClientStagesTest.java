package socketlessons.udp.check;

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
import socketlessons.udp.Launcher;
import socketlessons.udp.UdpChatClient;

/**
 * The §5.1 UDP client stages checked both ways: lesson03's UdpChatClient (bare text, with
 * --course-wire) and a Python client with q pass them; the course's client.py passes the first
 * two and fails "q quits" (it has no q); a client that prints before it has received fails
 * "prints the answer". The checker plays the server on PORT and types at the client's keyboard.
 * Each transcript is a fixture in {@code fixtures/}. UdpChatClient runs in this JVM (a JVM start
 * per stage costs more than the stage); {@link UdpChatStagesTest} runs UdpChatServer as a process.
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson03 check: the §5.1 UDP client stages, against right and broken clients")
class UdpClientStagesTest {

    private static final int PATIENT = 60;
    /**
     * The failing stage waits it out. The steps before it are a loopback datagram and a print by a
     * program that has already started (starting has --start-timeout's 30 s): milliseconds.
     */
    private static final int SHORT = 2;
    /** A client prompts again after it printed an answer, racing with the checker ending it once the stage passed: left out. */
    private static final String PROMPT = ">>> ?";

    @TempDir
    Path dir;

    @Test
    @DisplayName("§5.1 UdpChatClient --course-wire passes every client stage, the checker playing the server")
    void passesUdpChatClient() throws Exception {
        List<String> command = CheckRun.inProcess(Launcher::run, "client", "--course-wire", "--port", "{port}"); // UdpChatClient.main, in this JVM
        CheckRun checker = CheckRun.of(UdpChatStages.all())
                .naming(command, "java socketlessons.udp.UdpChatClient --course-wire --port {port}").ignoringProgramLines(PROMPT);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_java.txt");
    }

    @Test
    @DisplayName("§5.1 the course's client.py with a q that quits passes every client stage")
    void passesPythonClientWithQ() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/udp_client_q.py", dir);
        CheckRun checker = CheckRun.of(UdpChatStages.all()).naming(command, "python3 udp_client_q.py").ignoringProgramLines(PROMPT);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_python.txt");
    }

    @Test
    @DisplayName("§5.1 the course's own client.py sends and prints the answer, then fails \"q quits\": it loops forever, waiting for an answer to q")
    void failsCourseClientWithoutQ() throws Exception {
        List<String> command = CheckRun.coursePython(UdpChatClient.class, "course/client.py", dir);
        CheckRun checker = CheckRun.of(UdpChatStages.all()).naming(command, "python3 client.py").ignoringProgramLines(PROMPT);

        CheckRun.assertMatches(checker.run("client", SHORT, command), 1, getClass(), "fixtures/fail_client_course_no_q.txt");
    }

    @Test
    @DisplayName("§5.1 a client that prints before it has received (no recvfrom) fails \"prints the answer\" after the timeout")
    void failsClientThatPrintsBeforeReceiving() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/udp_client_prints_first.py", dir);
        CheckRun checker = CheckRun.of(UdpChatStages.all()).naming(command, "python3 udp_client_prints_first.py").ignoringProgramLines(PROMPT);

        CheckRun.assertMatches(checker.run("client", SHORT, command), 1, getClass(), "fixtures/fail_client_prints_first.txt");
    }
}
