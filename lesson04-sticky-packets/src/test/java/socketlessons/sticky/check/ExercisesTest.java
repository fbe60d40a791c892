package socketlessons.sticky.check;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * lesson04's starter code in {@code exercises/}: it compiles, and as handed out it fails stage 1
 * (server and client). A starter never answers, so stage 1 fails after any timeout: the
 * shortest, 1 s, is waited out (the start has a timeout of its own, 30 s).
 */
@Execution(ExecutionMode.CONCURRENT) // javac and the two checks share nothing
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson04 exercises/: the starter files compile, and check shows what is left to do")
class ExercisesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyFramedEchoServer.java and MyFramedEchoClient.java compile as single files; framed_server.py and framed_client.py parse")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(4);
    }

    @Test
    @DisplayName("the untouched framed_server.py reads a frame but never echoes it: stage 1 fails after the timeout")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("framed_server.py");
        CheckRun checker = CheckRun.of(FramedEchoStages.all(ByteOrder.BIG_ENDIAN))
                .naming(command, "python3 lesson04-sticky-packets/exercises/framed_server.py");

        CheckRun.assertMatches(checker.run("server", 1, command), 1, getClass(), "fixtures/starter_server.txt");
    }

    @Test
    @DisplayName("the untouched framed_client.py reads the keyboard but sends nothing: client stage 1 fails after the timeout")
    void untouchedClientFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("framed_client.py");
        CheckRun checker = CheckRun.of(FramedClientStages.all(ByteOrder.BIG_ENDIAN))
                .naming(command, "python3 lesson04-sticky-packets/exercises/framed_client.py");

        CheckRun.assertMatches(checker.run("client", 1, command), 1, getClass(), "fixtures/starter_client.txt");
    }
}
