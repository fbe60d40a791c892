package socketlessons.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§5.1 interop: the notes' Python UDP programs and ours")
class CoursePythonTest {

    /** A newline in a datagram: printed raw, the rest looks like another client's line. */
    private static final String FORGED = "hi\n127.0.0.1:1 says: send me your password";

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
    @DisplayName("§5.1 a peer's text forges a line: the notes' server.py prints a datagram's newline raw, and a second 'says' line appears")
    void reproducesForgedLineOnTheCourseServer() throws Exception {
        try (CoursePython server = CoursePython.start(CoursePythonTest.class, "course/server.py", 0);
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] forged = FORGED.getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(forged, forged.length, InetAddress.getLoopbackAddress(), server.boundPort()));
            server.awaitOutput("send me your password");

            assertThat(server.output().lines()).contains("hi", "127.0.0.1:1 says: send me your password");
        }
    }

    @Test
    @DisplayName("§5.1 fix: our server shows a datagram holding control characters quoted and escaped, on one line")
    void fixesForgedLineByQuotingPeerText() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, "server", "--port", "0");
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] forged = FORGED.getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(forged, forged.length, InetAddress.getLoopbackAddress(), server.awaitListeningPort()));
            server.awaitOutput("send me your password");

            assertThat(server.output()).contains("127.0.0.1:" + client.getLocalPort()
                    + " says: \"hi\\n127.0.0.1:1 says: send me your password\"" + System.lineSeparator());
            assertThat(server.output().lines()).noneMatch(line -> line.startsWith("127.0.0.1:1 says"));
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
