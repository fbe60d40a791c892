package socketlessons.nonblocking.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.Notes;
import socketlessons.nonblocking.Launcher;
import socketlessons.nonblocking.SelectorEchoServer;
import socketlessons.sticky.LengthPrefixCodec;

/** lesson05's launcher runs {@code check}: the stages the notes list, word for word, and a server checked on its port. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson05 launcher: check --list is the one the notes show, and check server --port passes SelectorEchoServer")
class LauncherCheckTest {

    @Test
    @DisplayName("README.md and README.zh-CN.md show check --list exactly as lesson05's launcher prints it (server stages only)")
    void notesShowTheListTheLauncherPrints() throws Exception {
        CliRun.Result list = CliRun.run(Launcher::run, "", "check", "--list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.output()).doesNotContain("client stages");
        Notes.assertShows("java -jar lesson05-nonblocking/target/lesson05-nonblocking.jar check --list", list.output(), "README.md", "README.zh-CN.md");
    }

    @Test
    @DisplayName("§7 check server --port N --stage 2: SelectorEchoServer, started outside the checker, passes; check client is a usage error")
    void checkPassesSelectorEchoServer() throws Exception {
        try (SelectorEchoServer server = new SelectorEchoServer(new InetSocketAddress("127.0.0.1", 0), new LengthPrefixCodec(), 0, line -> { }).start()) {
            CliRun.Result check = CliRun.run(Launcher::run, "", "check", "server", "--timeout", "30", "--stage", "2",
                    "--port", Integer.toString(server.address().getPort()));

            assertThat(check.exitCode()).as(check.output() + check.errors()).isZero();
            assertThat(check.output().lines()).contains("[stage 1: echoes a frame in upper case] passed", "[stage 2: many clients at once] passed");
        }
        CliRun.Result client = CliRun.run(Launcher::run, "", "check", "client", "--", "python3", "client.py");
        assertThat(client.exitCode()).isEqualTo(2);
        assertThat(client.errors()).contains("this lesson has no client stages");
    }
}
