package socketlessons.homework.friends.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import socketlessons.homework.friends.FriendsServer;
import socketlessons.homework.friends.Launcher;

/**
 * The §10.1 friends stages checked both ways: our FriendsServer, a right Python server and the
 * notes' own client.py pass them; the notes' server.py (one recv taken as
 * one message) fails at "two messages in one write", a server that keeps the notes' KeyError
 * fails at "an unknown id is answered", and the notes' earlier name|message client
 * fails at "sends a message as JSON". Each transcript is a fixture in {@code fixtures/}.
 * Our FriendsServer runs in this JVM for every stage ({@code CheckRun.inProcess}), and as a
 * process of its own for two. (Our FriendsClient is not run here: the course's client.py speaks
 * the same wire, and LauncherTest runs it against our server.)
 */
// Its tests run side by side: each checks a program of its own on ports of its own (the checker's
// PortLease), and most of a check is waiting (for a program to start, for a pause between bytes),
// so this class, the longest of the module, takes as long as its longest check, not their sum.
@Execution(ExecutionMode.CONCURRENT)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("homework friends check: the §10.1 server and client stages, against right and broken programs")
class FriendsStagesTest {

    private static final int PATIENT = 60;
    /** A Python traceback's frames (file paths, line numbers, ^ markers) differ between versions: only its last line is kept. */
    private static final String TRACEBACK_FRAMES = "Traceback \\(most recent call last\\):|\\s+.*";
    /** A client's >>> prompt for the next line is printed, or not, before the checker ends it. */
    private static final String PROMPT = ">>>";

    @TempDir
    Path dir;

    @Test
    @DisplayName("§10.1 FriendsServer passes every server stage, the checker typing its answers")
    void passesFriendsServer() throws Exception {
        List<String> command = CheckRun.inProcess(Launcher::run, "friends-server", "--port", "{port}"); // FriendsServer.main, in this JVM
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "java socketlessons.homework.friends.FriendsServer --port {port}");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_java_server.txt");
    }

    @Test
    @DisplayName("§10.1 FriendsServer as a process of its own (java FriendsServer) passes stages 1-2: what it prints, Chinese too, reaches the checker through a pipe")
    void passesFriendsServerAsAProcess() throws Exception {
        // The one fixture that starts a JVM (two stages, two starts): the checker's process path, and
        // the program's own main and console; passesFriendsServer runs every stage of the same program in this JVM.
        List<String> command = CheckRun.java(FriendsServer.class, "--port", "{port}");
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "java socketlessons.homework.friends.FriendsServer --port {port}");

        CheckRun.assertMatches(checker.run("server", PATIENT, command, "--stage", "2"), 0, getClass(), "fixtures/pass_java_server_process.txt");
    }

    @Test
    @DisplayName("§10.1 a Python server that keeps a buffer and takes one whole object at a time passes every server stage")
    void passesPythonServer() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/friends_server.py", dir);
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "python3 friends_server.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_python_server.txt");
    }

    @Test
    @DisplayName("§10.1 粘包: the notes' server.py takes one recv as one message and fails \"two messages in one write\" (JSONDecodeError: Extra data)")
    void failsCourseServerOnGluedMessages() throws Exception {
        List<String> command = CheckRun.coursePython(FriendsServer.class, "course/server.py", dir);
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "python3 server.py").ignoringProgramLines(TRACEBACK_FRAMES);

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_course_server.txt");
    }

    @Test
    @DisplayName("§10.1 KeyError: a server that handles glued and cut messages but keeps the notes' color_dict[uid] dies at \"an unknown id is answered\"")
    void failsServerKeepingTheNotesKeyError() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/friends_server.py", dir, "keyerror");
        // The with block hangs up before Python prints the traceback, and the checker then ends the
        // program: how much of the traceback comes out differs from run to run, so none of it is kept.
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "python3 friends_server.py keyerror")
                .ignoringProgramLines(TRACEBACK_FRAMES + "|KeyError: .*");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_python_keyerror.txt");
    }

    @Test
    @DisplayName("§10.1 the notes' client.py passes every client stage")
    void passesCourseClient() throws Exception {
        List<String> command = CheckRun.coursePython(FriendsServer.class, "course/client.py", dir);
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "python3 client.py").ignoringProgramLines(PROMPT);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_course_client.txt");
    }

    @Test
    @DisplayName("§10.1 a client that sends name|message as plain text (the notes' commented-out first try) fails \"sends a message as JSON\"")
    void failsClientSendingPlainText() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/client_pipe.py", dir);
        CheckRun checker = CheckRun.of(FriendsStages.all()).naming(command, "python3 client_pipe.py").ignoringProgramLines(PROMPT);

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 1, getClass(), "fixtures/fail_plain_text_client.txt");
    }

    @Test
    @DisplayName("the stages' messages are laid out as json.dumps lays them out, Chinese as UTF-8; objectEnd skips braces in strings")
    void messagesAndObjectEnd() throws Exception {
        assertThat(FriendsStages.message("你好", "12345")).isEqualTo("{\"msg\": \"你好\", \"id\": \"12345\"}");
        byte[] glued = "{\"msg\": \"}{\\\"\", \"id\": \"1\"}{\"msg\"".getBytes(StandardCharsets.UTF_8);
        assertThat(FriendsStages.objectEnd(glued, 0)).isEqualTo(glued.length - "{\"msg\"".length());
        assertThat(FriendsStages.objectEnd("{\"msg\": {\"a\": 1}".getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(-1);
    }
}
