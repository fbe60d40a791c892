package socketlessons.udp.check;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.udp.UdpChatServer;

/**
 * The §5.1 UDP server stages checked both ways: lesson03's UdpChatServer and the course's
 * server.py pass them; a server that answers its first sender whoever speaks fails "answers
 * any sender". Each transcript is a fixture in {@code fixtures/}. UdpChatServer runs as a child
 * process, as {@code check} runs a student's program: lesson03's one fixture on that path (the
 * client's run in the test JVM, see {@link UdpClientStagesTest}).
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows does not report a datagram sent before the server bound its port (no ICMP port unreachable): the checker cannot tell when a child UDP server is ready")
@DisplayName("lesson03 check: the §5.1 UDP server stages, against right and broken servers")
class UdpChatStagesTest {

    private static final int PATIENT = 60;
    /**
     * The failing stage waits it out. The steps before it are a loopback datagram, a print and an
     * answer by a program that has already started (starting has --start-timeout's 30 s): milliseconds.
     */
    private static final int SHORT = 2;

    @TempDir
    Path dir;

    @Test
    @DisplayName("§5.1 UdpChatServer passes every stage, the checker typing its answers")
    void passesUdpChatServer() throws Exception {
        List<String> command = CheckRun.java(UdpChatServer.class, "--port", "{port}");
        CheckRun checker = CheckRun.of(UdpChatStages.all()).naming(command, "java socketlessons.udp.UdpChatServer --port {port}");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_java.txt");
    }

    @Test
    @DisplayName("§5.1 the course's server.py passes every stage")
    void passesCourseServer() throws Exception {
        List<String> command = CheckRun.coursePython(UdpChatServer.class, "course/server.py", dir);
        CheckRun checker = CheckRun.of(UdpChatStages.all()).naming(command, "python3 server.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_course.txt");
    }

    @Test
    @DisplayName("§5.1 a server that answers its first sender fails \"answers any sender\": B hears nothing")
    void failsServerAnsweringFirstSender() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/udp_server_first_sender.py", dir);
        CheckRun checker = CheckRun.of(UdpChatStages.all()).naming(command, "python3 udp_server_first_sender.py");

        CheckRun.assertMatches(checker.run("server", SHORT, command), 1, getClass(), "fixtures/fail_first_sender.txt");
    }
}
