package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import socketlessons.basics.testkit.ConsoleRun;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§6.2 interop: Python frames against our framed server")
class CoursePythonTest {

    @ParameterizedTest(name = "struct.pack({0}, n) with --byte-order {1}")
    @CsvSource({"'!i', big", "i, little"})
    @DisplayName("§6.2 a Python client's frames are echoed by our server: '!i' by default, the course's 'i' with --byte-order little")
    void pythonFramesAreEchoed(String format, String byteOrder) throws Exception {
        CoursePython.assumePython();
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", "0", "--byte-order", byteOrder)) {
            int port = server.awaitListeningPort();
            try (CoursePython client = CoursePython.start(CoursePythonTest.class, "course/framed_client.py", port, format)) {
                assertThat(client.awaitExit()).as(client.errors()).isZero();
                assertThat(client.outputLines()).containsExactly("hello", "world", "你好, 粘包");
            }
        }
    }
}
