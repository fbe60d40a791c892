package socketlessons.homework.chat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.homework.chat.check.ChatStages;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

/**
 * The §10.2 chat stages checked both ways: the module's own chat server and a right Python
 * server pass every stage; three classic mistakes (one recv per frame, a relay to the sender
 * too, a message to an offline user dropped) fail at the stage that names them, with its hint.
 * Each transcript is a fixture in {@code check/fixtures/} (next to {@link ChatStages}; this test
 * lives here to start the module's own server in-process, as the other tests do).
 */
// Its tests run side by side: each checks a program of its own on ports of its own (the checker's
// PortLease), and most of a check is waiting (for a program to start, for a pause between bytes),
// so this class, the longest of the module, takes as long as its longest check, not their sum.
@Execution(ExecutionMode.CONCURRENT)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 chat check: the chat server's stages, against right and broken servers")
class ChatStagesTest {

    private static final int PATIENT = 60;

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private CheckRun.Result checkPython(String... flags) throws Exception {
        List<String> command = CheckRun.python(ChatStages.class, "programs/chat_server.py", dir, flags);
        CheckRun checker = CheckRun.of(ChatStages.all("")).naming(command, ("python3 chat_server.py " + String.join(" ", flags)).strip());
        return checker.run("server", PATIENT, command);
    }

    @Test
    @DisplayName("§10.2 chat-server (the module's own, lesson07's threading server) passes every stage, checked with --port")
    void passesChatServer() throws Exception {
        try (ChatService service = ChatService.open(dir.resolve("data"), ChatServiceTest.ITERATIONS, line -> { }, false);
             ThreadingTcpServer server = new ThreadingTcpServer(new InetSocketAddress("127.0.0.1", 0), () -> new ChatHandler(service),
                     new TcpServer.Options(), line -> { })) {
            executor.execute(server::serveForever);
            CheckRun.Result result = CheckRun.of(ChatStages.all("")).run("server", "--timeout", "" + PATIENT,
                    "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 0, ChatStages.class, "fixtures/pass_java.txt");
        }
    }

    @Test
    @DisplayName("§10.2 a right Python server (recv_exactly, a thread per client, offline messages kept) passes every stage")
    void passesPythonServer() throws Exception {
        CheckRun.assertMatches(checkPython(), 0, ChatStages.class, "fixtures/pass_python.txt");
    }

    @Test
    @DisplayName("§10.2 拆包: one recv for the header and one for the body fails \"frames in pieces\" (a frame sent byte by byte)")
    void failsOneRecvServer() throws Exception {
        CheckRun.assertMatches(checkPython("--one-recv"), 1, ChatStages.class, "fixtures/fail_one_recv.txt");
    }

    @Test
    @DisplayName("§10.2 item 1: a relay to everyone that sends to the sender too fails \"a message to everyone\"")
    void failsServerThatEchoesTheSender() throws Exception {
        CheckRun.assertMatches(checkPython("--echo-sender"), 1, ChatStages.class, "fixtures/fail_echo_sender.txt");
    }

    @Test
    @DisplayName("§10.2 item 2 (如果对方不在线): a server that drops a message to an offline user fails \"keeps a message for an offline user\"")
    void failsServerThatForgetsOfflineMessages() throws Exception {
        CheckRun.assertMatches(checkPython("--forget-offline"), 1, ChatStages.class, "fixtures/fail_forget_offline.txt");
    }

    // ---- client stages

    @Test
    @DisplayName("§10.2 chat-client (the module's own, in this JVM) passes every client stage")
    void passesChatClient() throws Exception {
        List<String> command = CheckRun.inProcess(Launcher::run, "chat-client", "--port", "{port}", "--user", "alice", "--color", "never");
        CheckRun checker = CheckRun.of(ChatStages.all("")).naming(command, "java -jar homework-chat.jar chat-client --port {port} --user alice --color never")
                .ignoringProgramLines("\\(delivered.*\\)"); // a status, printed as the stage ends: before or after the checker ends the program

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, ChatStages.class, "fixtures/pass_chat_client.txt");
    }

    @Test
    @DisplayName("§10.2 chat-client as a process of its own (java -jar homework-chat.jar chat-client) passes client stages 1-2: its welcome and bob's Chinese reach the checker through a pipe")
    void passesChatClientAsAProcess() throws Exception {
        // The one fixture that starts a JVM (two stages, two starts): the checker's process path, and
        // the program's own main and console; passesChatClient runs every stage of the same program in this JVM.
        List<String> command = CheckRun.java(Launcher.class, "chat-client", "--port", "{port}", "--user", "alice", "--color", "never");
        CheckRun checker = CheckRun.of(ChatStages.all("")).naming(command, "java -jar homework-chat.jar chat-client --port {port} --user alice --color never")
                .ignoringProgramLines("\\(delivered.*\\)"); // as above

        CheckRun.assertMatches(checker.run("client", PATIENT, command, "--stage", "2"), 0, ChatStages.class, "fixtures/pass_chat_client_process.txt");
    }

    @Test
    @DisplayName("§10.2 a right Python client (a thread prints what comes while input() waits) passes every client stage")
    void passesPythonClient() throws Exception {
        List<String> command = CheckRun.python(ChatStages.class, "programs/chat_client.py", dir);
        CheckRun checker = CheckRun.of(ChatStages.all("")).naming(command, "python3 chat_client.py");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, ChatStages.class, "fixtures/pass_python_client.txt");
    }

    @Test
    @DisplayName("§10.2 a client in one thread (input(), then recv()) never shows a message until its user types: fails \"shows a message\"")
    void failsOneThreadClient() throws Exception {
        List<String> command = CheckRun.python(ChatStages.class, "programs/chat_client.py", dir, "--one-thread");
        CheckRun checker = CheckRun.of(ChatStages.all("")).naming(command, "python3 chat_client.py --one-thread");

        CheckRun.assertMatches(checker.run("client", 3, command), 1, ChatStages.class, "fixtures/fail_one_thread_client.txt");
    }
}
