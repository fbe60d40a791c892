package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.ConsoleRun;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§4.2 interop: our chat and the notes' own Python chat, with --course-wire")
class CoursePythonTest {

    @Test
    @DisplayName("§4.2 the notes' Python client.py chats with our server, and q from Python ends it")
    void courseClientChatsWithOurServer() throws Exception {
        CoursePython.assumePython();
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "server", "--port", "0", "--course-wire", "--conversations", "1")) {
            int port = server.awaitListeningPort();
            try (CoursePython client = CoursePython.start(CoursePythonTest.class, "course/client.py", port)) {
                client.type("你好 from python");
                server.awaitOutput("你好 from python");
                server.type("你好 from java");
                client.awaitOutput("你好 from java");
                client.type("q");
                assertThat(client.awaitExit()).as(client.errors()).isZero();
            }
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("ended: the other side said q");
        }
    }

    @Test
    @DisplayName("§4.2 our client chats with the notes' Python server.py, and our q ends it")
    void ourClientChatsWithCourseServer() throws Exception {
        try (CoursePython server = CoursePython.start(CoursePythonTest.class, "course/server.py", 0)) {
            int port = server.boundPort();
            try (ConsoleRun client = ConsoleRun.start(Launcher::run, "client", "--port", Integer.toString(port), "--course-wire")) {
                client.type("hello python");
                server.awaitOutput("hello python");
                server.type("hello java, 你好");
                client.awaitOutput("hello java, 你好");
                client.type("q");
                assertThat(client.awaitExit()).isZero();
                assertThat(client.output()).contains("conversation ended: we said q");
            }
            assertThat(server.awaitExit()).as(server.errors()).isZero();
        }
    }

    @Test
    @DisplayName("§4.3 the notes' outer-loop server.py serves our two clients one after another")
    void courseLoopServerServesOurClientsInTurn() throws Exception {
        try (CoursePython server = CoursePython.start(CoursePythonTest.class, "course/server_loop.py", 0)) {
            int port = server.boundPort();
            for (String name : new String[] {"first", "second"}) {
                try (ConsoleRun client = ConsoleRun.start(Launcher::run, "client", "--port", Integer.toString(port), "--course-wire")) {
                    client.type("I am the " + name);
                    server.awaitOutput("I am the " + name);
                    server.type("Q");
                    assertThat(client.awaitExit()).isZero();
                    assertThat(client.output()).contains("conversation ended: the other side said q");
                }
            }
        }
    }
}
