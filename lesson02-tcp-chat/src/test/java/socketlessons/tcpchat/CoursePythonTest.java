package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.Connector;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.CoursePython;

/**
 * The notes' own §4.2 and §4.3 programs, unchanged, against ours. They send bare text (no
 * newline), so our programs talk to them with {@code --course-wire}. The course's
 * {@code input('>>>')} prints its prompt without a newline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§4.2-§4.3 interop: our chat and the notes' own Python chat")
class CoursePythonTest {

    /**
     * The shim reports a Python server's port once it is bound, a moment before its
     * {@code listen()}: a connect in between is refused. So our clients retry, as lesson01 taught.
     */
    private static Socket connectRetrying(int port) throws Exception {
        Socket sk = new Connector(Duration.ofSeconds(10), line -> { }).connect("127.0.0.1", port);
        sk.setSoTimeout(10_000);
        return sk;
    }

    /** A client's output without the lines that say it is retrying its connect. */
    private static String withoutRetries(String output) {
        return output.replace(System.lineSeparator(), "\n").replaceAll("(?m)^no server on .*\n", "");
    }

    @Test
    @DisplayName("§4.2 the notes' client.py chats with our server --course-wire, in Chinese, and q from Python ends it")
    void courseClientChatsWithOurServer() throws Exception {
        CoursePython.assumePython();
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0", "--course-wire", "--conversations", "1")) {
            int port = server.awaitListeningPort();
            try (CoursePython client = CoursePython.start(CoursePythonTest.class, "course/client.py", port)) {
                client.type("你好 from python");
                server.awaitOutput("你好 from python");
                server.type("你好 from java");
                client.awaitOutput("你好 from java");
                client.type("q");
                assertThat(client.awaitExit()).as(client.errors()).isZero();
                assertThat(client.output()).isEqualTo(">>>你好 from java\n>>>");
            }
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output().replace(System.lineSeparator(), "\n")).matches(
                    "listening on 127\\.0\\.0\\.1:\\d+\n\\*{20}\nconnected: 127\\.0\\.0\\.1:\\d+\n你好 from python\n"
                            + ">>> conversation with 127\\.0\\.0\\.1:\\d+ ended: the other side said q\n");
        }
    }

    @Test
    @DisplayName("§4.2 our client --course-wire chats with the notes' server.py, in Chinese, and our q ends it")
    void ourClientChatsWithCourseServer() throws Exception {
        try (CoursePython server = CoursePython.start(CoursePythonTest.class, "course/server.py", 0)) {
            int port = server.boundPort();
            try (CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(port), "--course-wire", "--retry", "10")) {
                client.type("hello python");
                server.awaitOutput("hello python");
                server.type("hello java, 你好");
                client.awaitOutput("hello java, 你好");
                client.type("q");
                assertThat(client.awaitExit()).isZero();
                assertThat(withoutRetries(client.output())).isEqualTo(">>> hello java, 你好\n>>> \nconversation ended: we said q\n");
            }
            assertThat(server.awaitExit()).as(server.errors()).isZero();
            assertThat(server.output()).isEqualTo("*".repeat(20) + "\nhello python\n>>>");
        }
    }

    @Test
    @DisplayName("§4.3 the notes' server.py (no outer loop) ends after A: B, which connected meanwhile, is reset")
    void reproducesCourseServerResettingTheSecondClient() throws Exception {
        try (CoursePython server = CoursePython.start(CoursePythonTest.class, "course/server.py", 0)) {
            int port = server.boundPort();
            try (Socket a = connectRetrying(port); Socket b = ChatFixture.connect(port)) {
                CourseWire aWire = new CourseWire(a);
                aWire.send("I am A");
                server.awaitOutput("I am A");
                new CourseWire(b).send("I am B");
                server.type("hello A");
                assertThat(aWire.receive()).isEqualTo("hello A");
                aWire.send("q");

                assertThat(server.awaitExit()).as(server.errors()).isZero();
                assertThatThrownBy(() -> b.getInputStream().read()).isInstanceOf(SocketException.class)
                        .hasMessage("Connection reset");
                assertThat(server.output()).doesNotContain("I am B");
            }
        }
    }

    @Test
    @DisplayName("§4.3 fix (循环嵌套): the notes' outer-loop server.py serves our two clients one after another")
    void courseLoopServerServesOurClientsInTurn() throws Exception {
        try (CoursePython server = CoursePython.start(CoursePythonTest.class, "course/server_loop.py", 0)) {
            int port = server.boundPort();
            for (String name : new String[] {"first", "second"}) {
                try (CliRun client = CliRun.start(Launcher::run, "client", "--port", Integer.toString(port), "--course-wire", "--retry", "10")) {
                    client.type("I am the " + name);
                    server.awaitOutput("I am the " + name);
                    server.type("Q");
                    assertThat(client.awaitExit()).isZero();
                    assertThat(client.output()).endsWith("conversation ended: the other side said q" + System.lineSeparator());
                }
            }
        }
    }
}
