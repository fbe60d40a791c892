package socketlessons.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§5.1 interop: the notes' Python UDP programs and ours")
class CoursePythonTest {

    @Test
    @DisplayName("§5.1 the notes' client.py talks to our server")
    void courseClientTalksToOurServer() throws Exception {
        CoursePython.assumePython();
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0")) {
            int port = server.awaitListeningPort();
            try (CoursePython client = CoursePython.start(CoursePythonTest.class, "course/client.py", port)) {
                client.type("你好 from python");
                server.awaitOutput("says: 你好 from python");
                server.type("你好 from java");
                client.awaitOutput("你好 from java");
            }
        }
    }

    @Test
    @DisplayName("§5.1 our client talks to the notes' server.py, whose '127.0.01' works only because inet_aton reads it as 127.0.0.1")
    void ourClientTalksToCourseServer() throws Exception {
        try (CoursePython server = CoursePython.start(CoursePythonTest.class, "course/server.py", 0)) {
            int port = server.boundPort();
            try (CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(port), "--timeout", "20", "--course-wire")) {
                client.type("hello python");
                server.awaitOutput("hello python\n");
                assertThat(server.output()).as("bare text, as the course's client sends").isEqualTo("hello python\n>>>");
                server.type("hello java");
                client.awaitOutput("hello java");
                client.type("q");
                assertThat(client.awaitExit()).isZero();
            }
        }
    }
}
