package socketlessons.socketserver.check;

import static org.assertj.core.api.Assertions.assertThat;

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

/** lesson07's starter code in {@code exercises/}: it compiles, and as handed out it fails stage 1 (server and client). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson07 exercises/: the starter files compile, and check shows what is left to do")
@Execution(ExecutionMode.CONCURRENT) // each test compiles or checks on its own: no state shared; most of it is waiting
class ExercisesTest {

    /** The starters never answer: any --timeout shows it, and the shortest costs the least wall time. */
    private static final int NEVER_ANSWERS = 1;

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyUpperServer.java and MyUpperClient.java compile as single files; upper_server.py and upper_client.py parse")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(4);
    }

    @Test
    @DisplayName("the untouched upper_server.py never answers: stage 1 fails after the timeout")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("upper_server.py");
        CheckRun checker = CheckRun.of(UpperEchoStages.all())
                .naming(command, "python3 lesson07-socketserver/exercises/upper_server.py");

        CheckRun.assertMatches(checker.run("server", NEVER_ANSWERS, command), 1, getClass(), "fixtures/starter_server.txt");
    }

    @Test
    @DisplayName("the untouched upper_client.py reads the keyboard but sends nothing: client stage 1 fails after the timeout")
    void untouchedClientFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("upper_client.py");
        CheckRun checker = CheckRun.of(UpperEchoStages.all())
                .naming(command, "python3 lesson07-socketserver/exercises/upper_client.py")
                .ignoringProgramLines("(>>>)+"); // the input('>>>') prompts, shown as the program ends: how many came by then varies

        CheckRun.assertMatches(checker.run("client", NEVER_ANSWERS, command), 1, getClass(), "fixtures/starter_client.txt");
    }
}
