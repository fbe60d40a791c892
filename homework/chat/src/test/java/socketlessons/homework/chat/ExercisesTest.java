package socketlessons.homework.chat;

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
import socketlessons.basics.testkit.CliRun;
import socketlessons.homework.chat.check.ChatStages;

/** The chat's starter code in {@code exercises/}: it compiles, and as handed out it fails stage 1; the jar's {@code check} lists the stages. */
@Execution(ExecutionMode.CONCURRENT) // the compile (CPU) and the starters' checks (waiting for their timeout) side by side
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 chat exercises/: the starter files compile, and check shows what is left to do")
class ExercisesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyChatServer.java and MyChatClient.java compile as single files; chat_server.py and chat_client.py parse")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(4);
    }

    @Test
    @DisplayName("the untouched chat_server.py reads a frame and never answers it: stage 1 fails, the connection ended")
    void untouchedServerFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("chat_server.py");
        CheckRun checker = CheckRun.of(ChatStages.all("")).naming(command, "python3 homework/chat/exercises/chat_server.py");

        CheckRun.assertMatches(checker.run("server", 10, command), 1, ChatStages.class, "fixtures/starter_server.txt");
    }

    @Test
    @DisplayName("the untouched chat_client.py connects, reads the password and sends nothing: client stage 1 fails after the timeout")
    void untouchedClientFailsStageOne() throws Exception {
        List<String> command = CheckRun.exercise("chat_client.py");
        CheckRun checker = CheckRun.of(ChatStages.all("")).naming(command, "python3 homework/chat/exercises/chat_client.py");
        // the checker's shortest --timeout: the starter never sends its login, so any wait ends the same

        CheckRun.assertMatches(checker.run("client", 1, command), 1, ChatStages.class, "fixtures/starter_client.txt");
    }

    @Test
    @DisplayName("homework-chat.jar check --list: the seven server stages and five client stages, in the order a student builds them")
    void checkListsTheStages() {
        CliRun.Result list = CliRun.run(Launcher::run, "", "check", "--list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.output().lines()).containsExactly(
                "server stages (check server -- COMMAND):",
                "  1. registers and logs in: a register, then a login, each a frame of JSON, are each answered {\"type\": \"ok\"}",
                "  2. frames in pieces: two frames glued in one write (粘包), then a frame sent byte by byte (拆包): each is answered",
                "  3. a message to everyone: alice sends to \"*\": bob and carol get it, alice gets her status and not her own message",
                "  4. who is online: who lists the users logged in, and not one who quit",
                "  5. a private message: alice sends to bob: bob gets it, alice gets the status \"delivered\", carol gets nothing",
                "  6. keeps a message for an offline user: alice sends to bob, who is offline: status \"stored\"; bob logs in and gets it",
                "  7. refuses a wrong password: a wrong password, an unknown user and a name taken twice are refused; then the right password logs in",
                "client stages (check client -- COMMAND):",
                "  1. logs in: your client connects to PORT, reads the password as the first line of its input, sends a login with it, and prints the server's welcome",
                "  2. shows a message: a message from bob is printed as \"bob: text\"",
                "  3. sends to everyone: a typed line \"hello everyone\" is sent to \"*\"",
                "  4. sends a private message: a typed line \"@bob hi bob\" is sent to bob alone",
                "  5. quits: a typed \"q\" sends {\"type\": \"quit\"} (or just hangs up) and closes the connection");
    }
}
