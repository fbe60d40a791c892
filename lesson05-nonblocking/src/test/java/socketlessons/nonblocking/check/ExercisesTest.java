package socketlessons.nonblocking.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
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

/** lesson05's starter code in {@code exercises/}: it compiles, and as handed out it fails stage 1. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Execution(ExecutionMode.CONCURRENT) // the two are independent: one compiles, one waits for a Python starter
@DisplayName("lesson05 exercises/: the starter files compile, and check shows what is left to do")
class ExercisesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MySelectorServer.java compiles as a single file; selector_server.py parses")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(2);
    }

    @Test
    @DisplayName("the untouched selector_server.py never registers its listening socket: stage 1 hears nothing")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("selector_server.py");
        CheckRun checker = CheckRun.of(ManyClientsStages.all(ByteOrder.BIG_ENDIAN))
                .naming(command, "python3 lesson05-nonblocking/exercises/selector_server.py");

        CheckRun.assertMatches(checker.run("server", 1, command), 1, getClass(), "fixtures/starter_server.txt");
    }
}
