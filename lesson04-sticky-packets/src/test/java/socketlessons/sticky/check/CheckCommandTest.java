package socketlessons.sticky.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
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
import socketlessons.sticky.FramedEchoServer;
import socketlessons.sticky.LengthPrefixCodec;

/** The {@code check} command as lesson04's launcher wires it: the lines below are the ones to copy. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson04 check command: --byte-order reaches the stages, bad values are usage errors")
class CheckCommandTest {

    /** What lesson04's Launcher adds (there {@code console} is {@code launcher.console}, from {@code @ParentCommand}). */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "check your own §6.2 framed echo server, in any language, stage by stage: check server -- python3 server.py")
    static final class Check implements Callable<Integer> {
        final Console console;
        @Mixin CheckOptions options;
        @Mixin FramedEchoStages.Order order;

        Check(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            return Checker.run(options, FramedEchoStages.all(order.byteOrder()), console);
        }
    }

    private static CliRun.Result check(String... args) {
        return CliRun.run((console, a) -> Cli.run(new Check(console), console, a), "", args);
    }

    @Test
    @DisplayName("check server --byte-order little --port N: a little-endian FramedEchoServer passes every stage")
    void byteOrderLittleReachesTheStages() throws Exception {
        LengthPrefixCodec little = new LengthPrefixCodec(ByteOrder.LITTLE_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        try (FramedEchoServer server = new FramedEchoServer("127.0.0.1", 0, little, line -> { }).start()) {
            String port = Integer.toString(server.address().getPort());

            CliRun.Result little1 = check("server", "--byte-order", "LITTLE", "--timeout", "30", "--port", port);
            CliRun.Result big = check("server", "--timeout", "30", "--port", port, "--stage", "1");

            assertThat(little1.exitCode()).as(little1.output() + little1.errors()).isZero();
            assertThat(big.exitCode()).as("the default, big-endian, against a little-endian server").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("--byte-order middle: exit 2, the allowed values named; --help lists --byte-order")
    void badByteOrderIsAUsageError() {
        CliRun.Result bad = check("server", "--byte-order", "middle", "--", "x");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errors()).contains("--byte-order").contains("BIG, LITTLE");
        assertThat(check("--help").output()).contains("--byte-order=<choice>", "--list", "--stage=K");
    }
}
