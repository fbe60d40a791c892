package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 interop: the course's Python socketserver programs and ours")
class CoursePythonTest {

    @Test
    @DisplayName("§9 two course-style Python clients talk to our threading server at the same time")
    void twoPythonClientsTalkToOurServerAtOnce() throws Exception {
        CoursePython.assumePython();
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();
            try (CoursePython one = CoursePython.start(CoursePythonTest.class, "course/client.py", port);
                 CoursePython two = CoursePython.start(CoursePythonTest.class, "course/client.py", port)) {
                one.type("hello from one");
                two.type("你好 from two");
                one.awaitOutput("HELLO FROM ONE");
                two.awaitOutput("你好 FROM TWO");
                one.type("q");
                two.type("q");
                assertThat(one.awaitExit()).as(one.errors()).isZero();
                assertThat(two.awaitExit()).as(two.errors()).isZero();
            }
        }
    }

    @Test
    @DisplayName("§9 our client talks to the classroom's Python ThreadingTCPServer")
    void ourClientTalksToPythonThreadingServer() throws Exception {
        try (CoursePython server = CoursePython.start(CoursePythonTest.class, "course/server.py", 0)) {
            int port = server.boundPort();
            CliRun.Result client = CliRun.run(Launcher::run, "hello\n你好\nq\n", "client", "--port", Integer.toString(port));

            assertThat(client.exitCode()).isZero();
            assertThat(client.output().lines()).containsExactly("HELLO", "你好");
        }
    }
}
