package socketlessons.basics.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.basics.testkit.CoursePython;

/**
 * What a client stage offers for a UDP client (lesson03): the checker's UDP socket on the port
 * the client is told, the sender of what came (to answer it), and the program's own exit.
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("check client: a UDP client's datagram reaches the checker at PORT, is answered, and the program's end is seen")
class UdpClientStageTest {

    /** A UDP client in one line of Python: sends what is typed to PORT, prints the answer; with {@code wait}, then reads its input again. */
    private static List<String> client(String then) {
        return List.of(CheckRun.python(), "-c", "import os, socket\n"
                + "s = socket.socket(type=socket.SOCK_DGRAM)\n"
                + "s.sendto(input().encode('utf-8'), ('127.0.0.1', int(os.environ['PORT'])))\n"
                + "print(s.recvfrom(1024)[0].decode('utf-8'))\n" + then);
    }

    private static final Stage PING = Stage.client("ping", "sends ping, prints the answer, ends", "a test's hint", session -> {
        DatagramSocket server = session.datagramListener();
        session.type("ping");
        SocketAddress sender = session.expectDatagram(server, "ping");
        byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
        server.send(new DatagramPacket(pong, pong.length, sender)); // sendto(answer, addr)
        session.expectPrinted("pong");
        session.expectExit("after its answer");
    });

    @Test
    @DisplayName("a UDP client that sends to PORT gets the checker's answer and ends: passes")
    void passesUdpClient() {
        CoursePython.assumePython();
        List<String> command = client("");
        CheckRun.Result result = CheckRun.of(List.of(PING)).naming(command, "python3 client").run("client", 30, command);

        assertThat(result.output()).isEqualTo("""
                [stage 1: ping] listening on 127.0.0.1:PORT, starting your client: python3 client (PORT=N)
                [your program] pong
                [stage 1: ping] passed
                all 1 client stages passed
                """);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    @DisplayName("a client that goes on running after its answer fails: it still runs after the timeout")
    void failsClientThatDoesNotEnd() {
        CoursePython.assumePython();
        List<String> command = client("input()");
        CheckRun.Result result = CheckRun.of(List.of(PING)).naming(command, "python3 client").run("client", 2, command);

        assertThat(result.output()).endsWith("""
                [your program] pong
                [stage 1: ping] failed: expected your program to end after its answer, got it still runs after 2 s
                [stage 1: ping] hint: a test's hint
                """);
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    @DisplayName("a client that exits without sending is reported at once, not after the timeout")
    void failsClientThatExitsWithoutSending() {
        CoursePython.assumePython();
        List<String> command = List.of(CheckRun.python(), "-c", "input()");
        // 600 s: a run that waited for the timeout would end at the test's own @Timeout instead
        CheckRun.Result result = CheckRun.of(List.of(PING)).naming(command, "python3 client").run("client", 600, command);

        assertThat(result.output()).endsWith("""
                [stage 1: ping] failed: expected a datagram "ping", got your program exited with code 0 without sending it
                [stage 1: ping] hint: a test's hint
                """);
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    @DisplayName("a line printed just before the datagram is in the transcript, though the program is ended as soon as the datagram came")
    void keepsWhatTheProgramPrintedBeforeItWasEnded() {
        // Process.destroy() also closed the program's output, and a line the relay had not read
        // yet was lost: in about 1 run of 15 this line was missing. The checker now ends the
        // program through its ProcessHandle and reads its output to the end.
        CoursePython.assumePython();
        List<String> command = List.of(CheckRun.python(), "-c", "import os, socket\n"
                + "s = socket.socket(type=socket.SOCK_DGRAM)\n"
                + "line = input()\n"
                + "print('sending ' + line)\n"
                + "s.sendto(line.encode('utf-8'), ('127.0.0.1', int(os.environ['PORT'])))\n"
                + "input()\n");
        Stage sent = Stage.client("sends", "sends what is typed", "a test's hint", session -> {
            session.type("ping");
            session.expectDatagram(session.datagramListener(), "ping");
        });
        CheckRun.Result result = CheckRun.of(List.of(sent)).naming(command, "python3 client").run("client", 30, command);

        assertThat(result.output()).isEqualTo("""
                [stage 1: sends] listening on 127.0.0.1:PORT, starting your client: python3 client (PORT=N)
                [your program] sending ping
                [stage 1: sends] passed
                all 1 client stages passed
                """);
    }
}
