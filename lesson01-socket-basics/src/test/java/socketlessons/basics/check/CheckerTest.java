package socketlessons.basics.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CheckRun;

/** The {@code check} command's own options: listing, and every misuse is a usage error (exit 2). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("check: --list, and bad usage exits 2 with one line saying what to type")
class CheckerTest {

    private final CheckRun checker = CheckRun.of(Lesson01Stages.all());

    @Test
    @DisplayName("--list prints every stage of both modes, one line each")
    void listsStages() {
        CheckRun.Result result = checker.run("--list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).isEqualTo("""
                server stages (check server -- COMMAND):
                  1. sends hello: your server listens on PORT and sends exactly "hello" to a client that connects
                  2. prints byebye: your server prints what the client answers (byebye)
                  3. hangs up: after the answer your server closes the connection
                client stages (check client -- COMMAND):
                  1. prints hello: your client connects to PORT and prints the server's greeting
                  2. answers byebye: after the greeting your client sends exactly "byebye"
                  3. hangs up: after byebye your client closes its socket
                """);
    }

    @Test
    @DisplayName("the port told to a student's server is below every system's ephemeral range, and no two checks hold the same")
    void leasesPortsNoOtherProgramIsGiven() throws Exception {
        // A port from the ephemeral range (Linux 32768+, Windows and macOS 49152+) can go to any
        // program that binds port 0 between the checker's probe and the student's bind, and two
        // checkers could draw the same number: the checker then talked to a stranger's server
        // (seen in parallel builds: a stage passed against another test's echo server).
        List<PortLease> held = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        try {
            for (int i = 0; i < 200; i++) {
                PortLease lease = PortLease.take();
                held.add(lease);
                assertThat(lease.port).isBetween(1024, 32767);
                assertThat(ports.add(lease.port)).as("port %d leased twice", lease.port).isTrue();
            }
        } finally {
            for (PortLease lease : held) {
                lease.close();
            }
        }
    }

    @Test
    @DisplayName("check client --list prints the client stages only")
    void listsOneMode() {
        assertThat(checker.run("client", "--list").output()).startsWith("client stages").doesNotContain("server stages");
    }

    @Test
    @DisplayName("no mode: exit 2, says check server or check client")
    void refusesMissingMode() {
        assertUsage(checker.run("--", "python3", "server.py"), "error: Invalid value for positional parameter at index 0 (MODE)");
        assertUsage(checker.run(), "error: say which program to check: check server -- COMMAND, or check client -- COMMAND");
    }

    @Test
    @DisplayName("no command: exit 2, says to give it after -- (or --port for a running server)")
    void refusesMissingCommand() {
        assertUsage(checker.run("server"), "error: give the command that starts your server after --, or --port N for a server already running");
        assertUsage(checker.run("client", "--port", "9000"), "error: give the command that starts your client after --");
    }

    @Test
    @DisplayName("--stage, --port and --timeout out of range: exit 2 with the allowed range")
    void refusesOutOfRange() {
        assertUsage(checker.run("server", "--stage", "4", "--", "x"), "error: --stage must be 1 to 3, not 4 (see check --help)");
        assertUsage(checker.run("server", "--stage", "0", "--", "x"), "error: --stage must be 1 to 3, not 0 (see check --help)");
        assertUsage(checker.run("server", "--port", "0"), "error: --port 0 picks a free port: check server needs the port your server listens on");
        assertUsage(checker.run("client", "--port", "65536", "--", "x"), "error: Invalid value for option '--port': '65536' is not a port");
        assertUsage(checker.run("server", "--timeout", "0", "--", "x"), "error: --timeout must be at least 1 second, not 0 (see check --help)");
        assertUsage(checker.run("server", "--start-timeout", "0", "--", "x"), "error: --start-timeout must be at least 1 second, not 0 (see check --help)");
    }

    private static void assertUsage(CheckRun.Result result, String line) {
        assertThat(result.exitCode()).as(result.errors()).isEqualTo(2);
        assertThat(result.output()).isEmpty();
        assertThat(result.errors()).startsWith(line).hasLineCount(1);
    }
}
