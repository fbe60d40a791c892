package socketlessons.sticky.check;

import java.nio.ByteOrder;
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
import socketlessons.sticky.Launcher;

/**
 * The §6.2 client stages checked both ways: lesson04's own FramedEchoClient, the course's
 * framed_client.py and a right Python client pass them; the classroom's one recv per read fails
 * where an echo arrives in pieces, the course's struct.pack('i') fails stage 1 unless checked
 * with {@code --byte-order little}, and a client that sends q fails where it should hang up.
 * Each transcript is a fixture in {@code fixtures/}. FramedEchoClient runs in this JVM (a JVM
 * start per stage saved); the Python clients are real processes, so the process path is tested too.
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson04 check client: the §6.2 framed client stages, against right and broken clients")
class FramedClientStagesTest {

    private static final int PATIENT = 60;
    private static final int SHORT = 3;
    private static final String COURSE_CLIENT = "/socketlessons/sticky/course/framed_client.py";

    @TempDir
    Path dir;

    private static CheckRun checker(ByteOrder order) {
        return CheckRun.of(FramedClientStages.all(order));
    }

    @Test
    @DisplayName("§6.2 FramedEchoClient passes every client stage: an echo cut or glued is printed whole")
    void passesFramedEchoClient() throws Exception {
        List<String> command = CheckRun.inProcess(Launcher::run, "client", "--port", "{port}"); // FramedEchoClient.main, in this JVM
        CheckRun checker = checker(ByteOrder.BIG_ENDIAN).naming(command, "java FramedEchoClient --port {port}");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_java.txt");
    }

    @Test
    @DisplayName("§6.2 the course's framed_client.py ('!i', recv_exactly) passes every client stage")
    void passesCourseClient() throws Exception {
        List<String> command = CheckRun.coursePython(getClass(), COURSE_CLIENT, dir);
        CheckRun checker = checker(ByteOrder.BIG_ENDIAN).naming(command, "python3 framed_client.py");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_course.txt");
    }

    @Test
    @DisplayName("§6.2 字节序: the course's client with struct.pack('i') fails stage 1, its header read as 83886080")
    void failsNativeOrderClient() throws Exception {
        List<String> command = CheckRun.coursePython(getClass(), COURSE_CLIENT, dir, "i");
        CheckRun checker = checker(ByteOrder.BIG_ENDIAN).naming(command, "python3 framed_client.py i");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 1, getClass(), "fixtures/fail_client_native.txt");
    }

    @Test
    @DisplayName("§6.2 --byte-order little: the same struct.pack('i') client passes every client stage")
    void passesNativeOrderClientCheckedLittleEndian() throws Exception {
        List<String> command = CheckRun.coursePython(getClass(), COURSE_CLIENT, dir, "i");
        CheckRun checker = checker(ByteOrder.LITTLE_ENDIAN).naming(command, "python3 framed_client.py i");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_course_little.txt");
    }

    @Test
    @DisplayName("§6.2 a Python client that reads the keyboard, with recv_exactly and q, passes every client stage")
    void passesPythonClient() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/framed_client.py", dir);
        CheckRun checker = checker(ByteOrder.BIG_ENDIAN).naming(command, "python3 framed_client.py");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_client_python.txt");
    }

    @Test
    @DisplayName("§6.2 拆包: the classroom's one recv per read prints a whole echo and fails an echo split byte by byte")
    void failsOneRecvClient() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/framed_client_one_recv.py", dir);
        CheckRun checker = checker(ByteOrder.BIG_ENDIAN).naming(command, "python3 framed_client_one_recv.py");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 1, getClass(), "fixtures/fail_client_one_recv.txt");
    }

    @Test
    @DisplayName("§6.2 a client that sends q as a frame instead of quitting fails stage 5 (q quits and hangs up)")
    void failsClientThatSendsQ() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/framed_client_sends_q.py", dir);
        CheckRun checker = checker(ByteOrder.BIG_ENDIAN).naming(command, "python3 framed_client_sends_q.py");

        CheckRun.assertMatches(checker.run("client", SHORT, command), 1, getClass(), "fixtures/fail_client_sends_q.txt");
    }
}
