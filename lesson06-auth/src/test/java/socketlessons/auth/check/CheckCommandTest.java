package socketlessons.auth.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import socketlessons.auth.ChallengeCheck;
import socketlessons.auth.CheckedServer;
import socketlessons.auth.Digest;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.testkit.CliRun;

/** The {@code check} command as lesson06's launcher wires it: the lines below are the ones to copy. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson06 check command: --key and --digest reach the stages")
class CheckCommandTest {

    /** What lesson06's Launcher adds (there {@code console} is the launcher's, from {@code @ParentCommand}). */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "check your own §8 challenge-response server or client, in any language, stage by stage: check server --key alexsb --digest md5 -- python3 server.py")
    static final class Check implements Callable<Integer> {
        final Console console;
        @Mixin CheckOptions options;
        @Mixin ChallengeStages.Key key;

        Check(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            return Checker.run(options, ChallengeStages.all(key), console);
        }
    }

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private static CliRun.Result check(String... args) {
        return CliRun.run((console, a) -> Cli.run(new Check(console), console, a), "", args);
    }

    @Test
    @DisplayName("--key alexsb --digest MD5 passes a CheckedServer keyed so; the default SHA-256 fails \"lets in a right answer\"")
    void keyAndDigestReachTheStages() throws Exception {
        byte[] alexsb = "alexsb".getBytes(StandardCharsets.UTF_8);
        try (CheckedServer server = new CheckedServer("127.0.0.1", 0, new ChallengeCheck(alexsb, Digest.MD5), 30_000, line -> { })) {
            executor.submit(() -> {
                server.serve(0);
                return null;
            });
            String port = Integer.toString(server.address().getPort());

            CliRun.Result md5 = check("server", "--key", "alexsb", "--digest", "MD5", "--timeout", "30", "--port", port);
            CliRun.Result sha256 = check("server", "--timeout", "30", "--port", port);

            assertThat(md5.exitCode()).as(md5.output() + md5.errors()).isZero();
            assertThat(sha256.exitCode()).isEqualTo(1);
            assertThat(sha256.output()).contains("[stage 2: lets in a right answer] failed: expected a welcome after the right answer (HMAC-SHA256), got the end of the connection");
        }
    }

    @Test
    @DisplayName("--digest sha1: exit 2, the allowed values named")
    void badDigestIsAUsageError() {
        CliRun.Result bad = check("server", "--digest", "sha1", "--", "x");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errors()).contains("--digest").contains("SHA256, MD5");
    }
}
