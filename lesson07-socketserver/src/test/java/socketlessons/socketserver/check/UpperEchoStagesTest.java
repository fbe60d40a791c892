package socketlessons.socketserver.check;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;
import socketlessons.socketserver.UpperEchoHandler;

/**
 * The §9 stages checked both ways: lesson07's ThreadingTcpServer and the course's server.py
 * pass them; TcpServer, one client at a time, fails "two clients at once". Each transcript is
 * a fixture in {@code fixtures/}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson07 check: the §9 uppercase echo stages, against a thread per client and one at a time")
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
class UpperEchoStagesTest {

    private static final int PATIENT = 60;
    private static final int SHORT = 3;

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    @DisplayName("§9 ThreadingTcpServer with UpperEchoHandler passes every stage")
    void passesThreadingTcpServer() throws Exception {
        try (TcpServer server = new ThreadingTcpServer(new InetSocketAddress("127.0.0.1", 0), UpperEchoHandler::new,
                new TcpServer.Options().timeout(Duration.ofSeconds(PATIENT)), line -> { })) {
            executor.submit(server::serveForever);
            CheckRun.Result result = CheckRun.of(UpperEchoStages.all())
                    .run("server", "--timeout", "" + PATIENT, "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 0, getClass(), "fixtures/pass_java.txt");
        }
    }

    @Test
    @DisplayName("§9 TcpServer, one client at a time, fails \"two clients at once\": the second hears nothing")
    void failsTcpServerOneAtATime() throws Exception {
        try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), UpperEchoHandler::new,
                new TcpServer.Options().timeout(Duration.ofSeconds(PATIENT)), line -> { })) {
            executor.submit(server::serveForever);
            CheckRun.Result result = CheckRun.of(UpperEchoStages.all())
                    .run("server", "--timeout", "" + SHORT, "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 1, getClass(), "fixtures/fail_one_at_a_time.txt");
        }
    }

    @Test
    @DisplayName("§9 the course's server.py (ThreadingTCPServer) passes every stage")
    void passesCourseServer() throws Exception {
        List<String> command = CheckRun.coursePython(UpperEchoHandler.class, "course/server.py", dir);
        CheckRun checker = CheckRun.of(UpperEchoStages.all()).naming(command, "python3 server.py");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_course.txt");
    }
}
