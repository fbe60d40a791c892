package socketlessons.tcpchat.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.testkit.CliRun;

/** The {@code check} command as lesson02's launcher wires it: the lines below are the ones to copy. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson02 check command: --course-wire is an option, --port alone cannot type at a server")
class CheckCommandTest {

    /** What lesson02's Launcher adds (there {@code console} is {@code launcher.console}, from {@code @ParentCommand}). */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "check your own §4 chat server, in any language, stage by stage: check server --course-wire -- python3 server.py")
    static final class Check implements Callable<Integer> {
        final Console console;
        @Mixin CheckOptions options;
        @Mixin ChatStages.Wire wire;

        Check(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            return Checker.run(options, ChatStages.all(wire), console);
        }
    }

    private static CliRun.Result check(String... args) {
        return CliRun.run((console, a) -> Cli.run(new Check(console), console, a), "", args);
    }

    @Test
    @DisplayName("--help lists --course-wire; --list names the three stages")
    void helpAndList() {
        assertThat(check("--help").output()).contains("--course-wire", "--list", "--stage=K");
        assertThat(check("--list").output()).contains("1. a message and its answer", "2. q ends the conversation", "3. serves the next client");
    }

    @Test
    @DisplayName("check server --port N: the stage that types at the server's keyboard says it needs the COMMAND")
    void runningServerCannotBeTypedAt() throws Exception {
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CliRun.Result result = check("server", "--course-wire", "--timeout", "5", "--port", Integer.toString(listening.getLocalPort()));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output()).contains("[stage 1: a message and its answer] hint: this stage types answers at your server: give check the COMMAND that starts it instead of --port");
        }
    }
}
