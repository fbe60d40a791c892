package socketlessons.basics.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.Launcher;
import socketlessons.basics.HelloServer;
import socketlessons.basics.testkit.CheckRun;

/**
 * The checker checked both ways: every §1.3 stage passes the lesson's own programs and the
 * course's Python programs, and broken programs fail at the stage that names their mistake.
 * Each transcript is a fixture in {@code fixtures/}.
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson01 check: the §1.3 stages, against right and broken programs")
class Lesson01StagesTest {

    /** Generous: a JVM or python3 starting on a loaded machine; a passing run never waits it out. */
    private static final int PATIENT = 60;
    /** What the runs that must time out wait. */
    private static final int SHORT = 3;

    @TempDir
    Path dir;

    private final CheckRun checker = CheckRun.of(Lesson01Stages.all());
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    @DisplayName("§1.3 server: lesson01's HelloServer passes every server stage")
    void passesHelloServer() throws Exception {
        List<String> command = CheckRun.java(HelloServer.class, "--port", "{port}");
        checker.naming(command, "java socketlessons.basics.HelloServer --port {port}");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_server_java.txt");
    }

    @Test
    @DisplayName("§1.3 client: lesson01's HelloClient passes every client stage")
    void passesHelloClient() throws Exception {
        List<String> command = CheckRun.inProcess(Launcher::run, "client", "--port", "{port}"); // HelloClient.main, in this JVM
        checker.naming(command, "java socketlessons.basics.HelloClient --port {port}");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_java.txt");
    }

    @Test
    @DisplayName("§1.3 server.py, the course's own, passes every server stage")
    void passesCourseServer() throws Exception {
        List<String> command = CheckRun.coursePython(HelloServer.class, "course/server.py", dir);
        checker.naming(command, "python3 server.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_server_python.txt");
    }

    @Test
    @DisplayName("§1.3 client.py, the course's own, passes every client stage")
    void passesCourseClient() throws Exception {
        List<String> command = CheckRun.coursePython(HelloServer.class, "course/client.py", dir);
        checker.naming(command, "python3 client.py");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_python.txt");
    }

    @Test
    @DisplayName("check server --port N: a server started outside the checker (an IDE) passes, its output not checked")
    void passesServerAlreadyRunning() throws Exception {
        try (HelloServer server = new HelloServer("127.0.0.1", 0)) {
            executor.submit(() -> {
                while (true) {
                    server.serveOne(); // one client per stage
                }
            });
            CheckRun.Result result = checker.run("server", "--timeout", "" + PATIENT, "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 0, getClass(), "fixtures/pass_server_port.txt");
        }
    }

    @Test
    @DisplayName("§1.3 wrong greeting: a server that sends helo fails stage 1 with expected \"hello\", got \"helo\"")
    void failsWrongGreeting() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/server_helo.py", dir);
        checker.naming(command, "python3 server_helo.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_server_helo.txt");
    }

    @Test
    @DisplayName("§1.3 a client that never answers fails stage 2 (answers byebye) after the timeout")
    void failsSilentClient() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/client_silent.py", dir);
        checker.naming(command, "python3 client_silent.py");

        CheckRun.assertMatches(checker.run("client", SHORT, command), 1, getClass(), "fixtures/fail_client_silent.txt");
    }

    @Test
    @DisplayName("a server that exits before it listens is reported as such, with its exit code and output")
    void failsServerThatExitsEarly() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/server_no_listen.py", dir);
        checker.naming(command, "python3 server_no_listen.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_server_exits.txt");
    }

    @Test
    @DisplayName("a server that ignores PORT never listens there: reported after the start timeout, not waited for forever")
    void failsServerOnWrongPort() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/server_wrong_port.py", dir);
        checker.naming(command, "python3 server_wrong_port.py");

        CheckRun.assertMatches(checker.run("server", SHORT, command, "--start-timeout", "" + SHORT), 1, getClass(), "fixtures/fail_server_wrong_port.txt");
    }

    @Test
    @DisplayName("a command that cannot start is a failed stage 1 that says so")
    void failsCommandThatCannotStart() throws Exception {
        List<String> command = List.of(dir.resolve("no-such-program").toString());
        checker.naming(command, "no-such-program");

        CheckRun.Result result = checker.run("server", PATIENT, command);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).startsWith("[stage 1: sends hello] starting your server: no-such-program (PORT=N)\n"
                + "[stage 1: sends hello] failed: expected your program to start, got an error: Cannot run program \"no-such-program\"")
                .endsWith("[stage 1: sends hello] hint: is the command right? it runs as typed after --, without a shell\n");
    }
}
