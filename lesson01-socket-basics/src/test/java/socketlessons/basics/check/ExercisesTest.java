package socketlessons.basics.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CheckRun;

/** lesson01's starter code in {@code exercises/}: it compiles, and as handed out it fails stage 1 with a clear message. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson01 exercises/: the starter files compile, and check shows what is left to do")
class ExercisesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyHelloServer.java and MyHelloClient.java compile as single files; server.py and client.py parse")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(4);
    }

    @Test
    @DisplayName("the README's command on the untouched server.py: stage 1 fails, the server exited before it listened")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("server.py");
        CheckRun checker = CheckRun.of(Lesson01Stages.all()).naming(command, "python3 lesson01-socket-basics/exercises/server.py");

        CheckRun.assertMatches(checker.run("server", 60, command), 1, getClass(), "fixtures/starter_server.txt");
    }
}
