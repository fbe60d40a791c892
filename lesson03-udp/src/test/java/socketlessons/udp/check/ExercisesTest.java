package socketlessons.udp.check;

import static org.assertj.core.api.Assertions.assertThat;

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

/** lesson03's starter code in {@code exercises/}: it compiles, and as handed out the server and the client fail stage 1. */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check, or javac, of its own: no state shared
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson03 exercises/: the starter files compile, and check shows what is left to do")
class ExercisesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyUdpServer.java and MyUdpClient.java compile as single files; udp_server.py and udp_client.py parse")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(4);
    }

    @Test
    @DisplayName("the untouched udp_server.py never binds: stage 1 fails, it exited before it bound the port")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("udp_server.py");
        CheckRun checker = CheckRun.of(UdpChatStages.all())
                .naming(command, "python3 lesson03-udp/exercises/udp_server.py");

        CheckRun.assertMatches(checker.run("server", 60, command), 1, getClass(), "fixtures/starter_server.txt");
    }

    @Test
    @DisplayName("the untouched udp_client.py reads one line and ends: client stage 1 fails at once, it sent nothing")
    void untouchedClientFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("udp_client.py");
        CheckRun checker = CheckRun.of(UdpChatStages.all())
                .naming(command, "python3 lesson03-udp/exercises/udp_client.py");

        CheckRun.assertMatches(checker.run("client", 60, command), 1, getClass(), "fixtures/starter_client.txt");
    }
}
