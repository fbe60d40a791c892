package socketlessons.nonblocking.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
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
import socketlessons.nonblocking.SelectorEchoServer;
import socketlessons.sticky.LengthPrefixCodec;
import socketlessons.sticky.check.FramedEchoStages;

/** The {@code check} command as lesson05's launcher wires it: the lines below are the ones to copy. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson05 check command: --byte-order reaches the stages")
class CheckCommandTest {

    /** What lesson05's Launcher adds (there {@code console} is the launcher's, from {@code @ParentCommand}). */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "check your own §7 server for many clients, in any language, stage by stage: check server -- python3 server.py")
    static final class Check implements Callable<Integer> {
        final Console console;
        @Mixin CheckOptions options;
        @Mixin FramedEchoStages.Order order;

        Check(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            return Checker.run(options, ManyClientsStages.all(order.byteOrder()), console);
        }
    }

    @Test
    @DisplayName("check server --byte-order little --port N --stage 2: a little-endian SelectorEchoServer passes")
    void byteOrderLittleReachesTheStages() throws Exception {
        LengthPrefixCodec little = new LengthPrefixCodec(ByteOrder.LITTLE_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        try (SelectorEchoServer server = new SelectorEchoServer(new InetSocketAddress("127.0.0.1", 0), little, 0, line -> { }).start()) {
            CliRun.Result result = CliRun.run((console, a) -> Cli.run(new Check(console), console, a), "",
                    "server", "--byte-order", "little", "--timeout", "30", "--stage", "2", "--port", Integer.toString(server.address().getPort()));

            assertThat(result.exitCode()).as(result.output() + result.errors()).isZero();
            assertThat(result.output()).endsWith("stages 1 to 2 of 3 passed (run without --stage for all)" + System.lineSeparator());
        }
    }
}
