package socketlessons.auth.check;

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

/** lesson06's starter code in {@code exercises/}: it compiles, and as handed out it fails stage 1. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson06 exercises/: the starter files compile, and check shows what is left to do")
@Execution(ExecutionMode.CONCURRENT) // each test compiles or checks on its own: no state shared; most of it is waiting
class ExercisesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyChallengeServer.java compiles as a single file; challenge_server.py parses")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(2);
    }

    @Test
    @DisplayName("the untouched challenge_server.py sends no challenge: stage 1 fails")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("challenge_server.py");
        CheckRun checker = CheckRun.of(ChallengeStages.all("alexsb".getBytes(java.nio.charset.StandardCharsets.UTF_8), socketlessons.auth.Digest.MD5))
                .naming(command, "python3 lesson06-auth/exercises/challenge_server.py");

        CheckRun.assertMatches(checker.run("server", 60, command), 1, getClass(), "fixtures/starter_server.txt");
    }
}
