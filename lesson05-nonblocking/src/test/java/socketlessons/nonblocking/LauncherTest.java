package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnJre;
import org.junit.jupiter.api.condition.JRE;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson05 launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly(
                "busy-server", "server", "client", "thread-server", "aio-server", "vt-server", "load", "demo");
    }

    /** Starts a server command, then the client and a short load against it. */
    private static void clientAndLoadAgainst(String... serverArgs) throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, serverArgs)) {
            String port = Integer.toString(server.awaitListeningPort());
            ConsoleRun.Result client = ConsoleRun.run(Launcher::run, "hello\n你好 nio\nq\n", "client", "--port", port);
            assertThat(client.exitCode()).isZero();
            assertThat(client.output().lines()).containsExactly("HELLO", "你好 NIO");

            ConsoleRun.Result load = ConsoleRun.run(Launcher::run, "", "load", "--port", port, "--clients", "50", "--warmup", "0.2", "--seconds", "0.3");
            assertThat(load.exitCode()).as(load.output()).isZero();
            assertThat(load.output()).containsPattern("clients 50 \\(connected 50\\): [\\d,]+ messages/s, latency p50 [\\d,]+ µs, p99 [\\d,]+ µs, max [\\d,]+ µs, errors 0");
        }
    }

    @Test
    @DisplayName("server (selector), client and load")
    void selectorServer() throws Exception {
        clientAndLoadAgainst("server", "--port", "0");
    }

    @Test
    @DisplayName("thread-server (a thread per client), client and load")
    void threadServer() throws Exception {
        clientAndLoadAgainst("thread-server", "--port", "0");
    }

    @Test
    @DisplayName("aio-server (completion handlers), client and load")
    void aioServer() throws Exception {
        clientAndLoadAgainst("aio-server", "--port", "0");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    @DisplayName("vt-server (JDK 21+: a virtual thread per client), client and load")
    void virtualThreadServer() throws Exception {
        clientAndLoadAgainst("vt-server", "--port", "0");
    }

    @Test
    @EnabledOnJre(JRE.JAVA_17)
    @DisplayName("vt-server on Java 17 says it needs a JDK 21+")
    void virtualThreadServerExplainsOnJava17() {
        ConsoleRun.Result vt = ConsoleRun.run(Launcher::run, "", "vt-server", "--port", "0");

        assertThat(vt.exitCode()).isEqualTo(1);
        // Built on 17, the class is missing; built on 21+ and run on 17, it cannot be loaded: either way, this.
        assertThat(vt.output()).contains("virtual threads need a JDK 21 or newer: this");
    }

    @Test
    @DisplayName("busy-server echoes the classroom's raw text")
    void busyServer() throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "busy-server", "--port", "0");
             java.net.Socket sk = new java.net.Socket("127.0.0.1", server.awaitListeningPort())) {
            sk.setSoTimeout(10_000);
            sk.getOutputStream().write("busy".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(sk.getInputStream().readNBytes(4)).asString(java.nio.charset.StandardCharsets.UTF_8).isEqualTo("BUSY");
        }
    }

    @Test
    @DisplayName("§7 demo: both one-thread servers serve two clients; the CPU each used while idle is printed; exits 0")
    void demoPrintsIdleCpuOfBoth() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--idle-ms", "100");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output())
                .contains("[A] sends hello a, gets HELLO A; [B] sends hello b, gets HELLO B")
                .containsPattern("\\[busy-server\\] idle for 100 ms: used \\d+ ms of CPU, [\\d,]+ times round the loop for nothing")
                .containsPattern("\\[server\\] idle for 100 ms: used \\d+ ms of CPU")
                .endsWith("both serve many clients with one thread; only the selector sleeps while there is nothing to do" + System.lineSeparator());
    }
}
