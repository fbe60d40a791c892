package socketlessons.tcpchat.check;

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

/** lesson02's starter code in {@code exercises/}: it compiles, and as handed out the server and the client fail stage 1. */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check, or javac, of its own: no state shared
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson02 exercises/: the starter files compile, and check shows what is left to do")
class ExercisesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyChatServer.java and MyChatClient.java compile as single files; chat_server.py and chat_client.py parse")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(4);
    }

    @Test
    @DisplayName("the untouched chat_server.py reads one message and ends: stage 1 fails, it printed nothing")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("chat_server.py");
        CheckRun checker = CheckRun.of(ChatStages.all(true))
                .naming(command, "python3 lesson02-tcp-chat/exercises/chat_server.py");

        CheckRun.assertMatches(checker.run("server", 60, command), 1, getClass(), "fixtures/starter_server.txt");
    }

    @Test
    @DisplayName("the untouched chat_client.py reads one line and hangs up: client stage 1 fails, nothing was sent")
    void untouchedClientFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("chat_client.py");
        CheckRun checker = CheckRun.of(ChatStages.all(true))
                .naming(command, "python3 lesson02-tcp-chat/exercises/chat_client.py");

        CheckRun.assertMatches(checker.run("client", 60, command), 1, getClass(), "fixtures/starter_client.txt");
    }
}
