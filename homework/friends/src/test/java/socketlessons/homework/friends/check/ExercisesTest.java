package socketlessons.homework.friends.check;

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

/** The friends starter code in {@code exercises/}: it compiles, and as handed out the server and the client fail stage 1. */
@Execution(ExecutionMode.CONCURRENT) // the compile (CPU) and the starters' checks (waiting for their timeout) side by side
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("homework friends exercises/: the starter files compile, and check shows what is left to do")
class ExercisesTest {

    /** The checker's shortest --timeout: the starters never print or send what stage 1 waits for, so any wait ends the same. */
    private static final int NEVER = 1;

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyFriendsServer.java compiles as a single file; friends_server.py and friends_client.py parse")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(3);
    }

    @Test
    @DisplayName("the untouched friends_server.py reads alex's message but never prints it: stage 1 fails after the timeout")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("friends_server.py");
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "python3 homework/friends/exercises/friends_server.py");

        CheckRun.assertMatches(checker.run("server", NEVER, command), 1, getClass(), "fixtures/starter_server.txt");
    }

    @Test
    @DisplayName("the untouched friends_client.py sends nothing: client stage 1 fails after the timeout")
    void untouchedClientFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("friends_client.py");
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "python3 homework/friends/exercises/friends_client.py")
                .ignoringProgramLines(">>>"); // the prompt for the next line: printed, or not, before the checker ends it

        CheckRun.assertMatches(checker.run("client", NEVER, command), 1, getClass(), "fixtures/starter_client.txt");
    }
}
