package socketlessons.nonblocking.check;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.nonblocking.BlockingEchoServer;
import socketlessons.nonblocking.EchoServer;
import socketlessons.nonblocking.GuardedSelectorEchoServer;
import socketlessons.nonblocking.NaiveWriteServer;
import socketlessons.nonblocking.SelectorEchoServer;
import socketlessons.nonblocking.ThreadPerClientEchoServer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The §7 stages checked both ways: the selector servers and a thread per client pass them; one
 * client at a time fails "many clients at once"; NaiveWriteServer's two mistakes fail "a client
 * that does not read", one starving the other client, one corrupting the slow client's
 * replies. Each transcript is a fixture in {@code fixtures/}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Execution(ExecutionMode.CONCURRENT) // side by side: each test has a server and a checker of its own, and most of each is waiting
@DisplayName("lesson05 check: the §7 many-clients stages, against the selector, threads, and the naive writes")
class ManyClientsStagesTest {

    private static final int PATIENT = 60;
    private static final int SHORT = 1; // for the failing ones: nothing within it is certain, and stage 1 passes well within a second
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private static CheckRun.Result check(EchoServer server, int timeout) {
        return CheckRun.of(ManyClientsStages.all(ByteOrder.BIG_ENDIAN))
                .run("server", "--timeout", "" + timeout, "--port", "" + server.address().getPort());
    }

    @Test
    @DisplayName("§7 SelectorEchoServer passes every stage (the slow client's replies wait in its queue, the other is served)")
    void passesSelectorEchoServer() throws Exception {
        try (SelectorEchoServer server = new SelectorEchoServer(ANY_PORT, new LengthPrefixCodec(), 0, line -> { }).start()) {
            CheckRun.assertMatches(check(server, PATIENT), 0, getClass(), "fixtures/pass.txt");
        }
    }

    @Test
    @DisplayName("§7 GuardedSelectorEchoServer passes every stage (it stops reading the slow client at its 1 MiB queue)")
    void passesGuardedSelectorEchoServer() throws Exception {
        try (GuardedSelectorEchoServer server = new GuardedSelectorEchoServer(ANY_PORT, new LengthPrefixCodec(), GuardedSelectorEchoServer.Limits.DEFAULT, line -> { }).start()) {
            CheckRun.assertMatches(check(server, PATIENT), 0, getClass(), "fixtures/pass.txt");
        }
    }

    @Test
    @DisplayName("§7 exercises/selector_server.py, solved, passes every stage")
    void passesSolvedPythonExercise(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.util.List<String> command = CheckRun.python(getClass(), "programs/selector_server_solved.py", dir);
        CheckRun checker = CheckRun.of(ManyClientsStages.all(ByteOrder.BIG_ENDIAN)).naming(command, "python3 selector_server_solved.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_python.txt");
    }

    @Test
    @DisplayName("§7 a thread per client passes every stage (the slow client's thread blocks in write, alone)")
    void passesThreadPerClient() throws Exception {
        try (ThreadPerClientEchoServer server = ThreadPerClientEchoServer.onPlatformThreads(ANY_PORT, new LengthPrefixCodec(), line -> { }).start()) {
            CheckRun.assertMatches(check(server, PATIENT), 0, getClass(), "fixtures/pass.txt");
        }
    }

    @Test
    @DisplayName("§7 one client at a time fails \"many clients at once\": client 2 hears nothing while client 1 is connected")
    void failsOneClientAtATime() throws Exception {
        try (BlockingEchoServer server = new BlockingEchoServer(ANY_PORT, new LengthPrefixCodec(), line -> { }).start()) {
            CheckRun.assertMatches(check(server, SHORT), 1, getClass(), "fixtures/fail_one_at_a_time.txt");
        }
    }

    @Test
    @DisplayName("§7 NaiveWriteServer retrying until written spins on the slow client: the other hears nothing")
    void failsRetryUntilWritten() throws Exception {
        try (NaiveWriteServer server = new NaiveWriteServer(ANY_PORT, NaiveWriteServer.Mistake.RETRY_UNTIL_WRITTEN, 0, line -> { }).start()) {
            CheckRun.assertMatches(check(server, SHORT), 1, getClass(), "fixtures/fail_retry_until_written.txt");
        }
    }

    @Test
    @DisplayName("§7 NaiveWriteServer ignoring what write returned loses the rest of a reply: the slow client's stream is corrupt")
    void failsIgnoreWhatWriteReturned() throws Exception {
        try (NaiveWriteServer server = new NaiveWriteServer(ANY_PORT, NaiveWriteServer.Mistake.IGNORE_WHAT_WRITE_RETURNED, 0, line -> { }).start()) {
            CheckRun.assertMatches(check(server, PATIENT), 1, getClass(), "fixtures/fail_ignore_what_write_returned.txt");
        }
    }
}
