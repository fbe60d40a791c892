package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Background;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§1.3 the first server and client")
class HelloTest {

    @Test
    @DisplayName("§1.3 server.py/client.py: the server says hello, the client answers byebye")
    void serverSaysHelloAndClientAnswersByebye() throws Exception {
        try (HelloServer server = new HelloServer("127.0.0.1", 0)) {
            CompletableFuture<String> received = Background.call(() -> server.serveOne());
            String greeting = HelloClient.talk("127.0.0.1", server.address().getPort());

            assertThat(greeting).isEqualTo("hello");
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("byebye");
        }
    }

    @Test
    @DisplayName("§1.3 interop: the course's Python client.py talks to our Java server")
    void courseClientTalksToJavaServer() throws Exception {
        CoursePython.assumePython();
        try (HelloServer server = new HelloServer("127.0.0.1", 0)) {
            CompletableFuture<String> received = Background.call(() -> server.serveOne());
            try (CoursePython client = CoursePython.start(HelloTest.class, "course/client.py", server.address().getPort())) {
                assertThat(client.awaitExit()).as(client.errors()).isZero();
                assertThat(client.outputLines()).containsExactly("b'hello'");
            }
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("byebye");
        }
    }

    @Test
    @DisplayName("§1.3 interop: our Java client talks to the course's Python server.py")
    void javaClientTalksToCourseServer() throws Exception {
        try (CoursePython server = CoursePython.start(HelloTest.class, "course/server.py", 0)) {
            int port = server.boundPort();
            String greeting = HelloClient.talk("127.0.0.1", port);

            assertThat(greeting).isEqualTo("hello");
            assertThat(server.awaitExit()).as(server.errors()).isZero();
            assertThat(server.outputLines()).containsExactly("b'byebye'");
        }
    }
}
