package socketlessons.sticky.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.sticky.FramedEchoServer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The §6.2 framed echo stages checked both ways: lesson04's own FramedEchoServer and a right
 * Python server pass them in both byte orders; the classroom's one-recv server fails where a
 * frame arrives in pieces, and a native-order server fails stage 1 unless checked with
 * {@code --byte-order little}. Each transcript is a fixture in {@code fixtures/}.
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson04 check: the §6.2 framed echo stages, against right and broken servers")
class FramedEchoStagesTest {

    private static final int PATIENT = 60;

    @TempDir
    Path dir;

    @Test
    @DisplayName("§6.2 FramedEchoServer (big-endian) passes every stage, and logs both refusals")
    void passesFramedEchoServer() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (FramedEchoServer server = new FramedEchoServer("127.0.0.1", 0, new LengthPrefixCodec(), log::add).start()) {
            CheckRun.Result result = CheckRun.of(FramedEchoStages.all(ByteOrder.BIG_ENDIAN))
                    .run("server", "--timeout", "" + PATIENT, "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 0, getClass(), "fixtures/pass_java.txt");
            // The server logs a refusal after it has hung up: the checker may be done before the last line is logged.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(log).anyMatch(line -> line.contains("-1")).anyMatch(line -> line.contains("2147483647")));
        }
    }

    @Test
    @DisplayName("§6.2 FramedEchoServer --byte-order little passes every stage checked with --byte-order little")
    void passesFramedEchoServerLittleEndian() throws Exception {
        LengthPrefixCodec little = new LengthPrefixCodec(ByteOrder.LITTLE_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        try (FramedEchoServer server = new FramedEchoServer("127.0.0.1", 0, little, line -> { }).start()) {
            CheckRun.Result result = CheckRun.of(FramedEchoStages.all(ByteOrder.LITTLE_ENDIAN))
                    .run("server", "--timeout", "" + PATIENT, "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 0, getClass(), "fixtures/pass_java.txt");
        }
    }

    @Test
    @DisplayName("§6.2 a Python server with recv_exactly and '!i' passes every stage")
    void passesPythonServer() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/framed_server.py", dir);
        CheckRun checker = CheckRun.of(FramedEchoStages.all(ByteOrder.BIG_ENDIAN)).naming(command, "python3 framed_server.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_python.txt");
    }

    @Test
    @DisplayName("§6.2 字节序: a server in the course's struct.pack('i') order fails stage 1, its header read as 83886080")
    void failsNativeOrderServer() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/framed_server.py", dir, "i");
        CheckRun checker = CheckRun.of(FramedEchoStages.all(ByteOrder.BIG_ENDIAN)).naming(command, "python3 framed_server.py i");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_python_native.txt");
    }

    @Test
    @DisplayName("§6.2 --byte-order little: the same struct.pack('i') server passes every stage")
    void passesNativeOrderServerCheckedLittleEndian() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/framed_server.py", dir, "i");
        CheckRun checker = CheckRun.of(FramedEchoStages.all(ByteOrder.LITTLE_ENDIAN)).naming(command, "python3 framed_server.py i");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_python_little.txt");
    }

    @Test
    @DisplayName("§6.2 拆包: the classroom's one recv per read passes glued frames and fails a frame split byte by byte")
    void failsOneRecvServer() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/framed_server_one_recv.py", dir);
        CheckRun checker = CheckRun.of(FramedEchoStages.all(ByteOrder.BIG_ENDIAN)).naming(command, "python3 framed_server_one_recv.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_python_one_recv.txt");
    }

    @Test
    @DisplayName("the 1 MiB body is numbered lines, so a lost or repeated piece shows where")
    void numberedBodyIsExactlyOneMebibyte() {
        byte[] body = FramedEchoStages.numbered(1 << 20);

        assertThat(body).hasSize(1 << 20);
        assertThat(new String(body, 0, 14, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("000001\n000002\n");
    }
}
