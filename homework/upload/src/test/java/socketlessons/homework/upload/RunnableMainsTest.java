package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Mains;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class the notes call runnable has a {@code main} (an IDE's Run button), and each runs,
 * in a JVM of its own since a {@code main} ends with {@code System.exit}. The classroom's two
 * are run by {@link ClassroomUploadTest#classroomProgramsRunAsShown}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("homework-upload: every runnable class's main runs")
class RunnableMainsTest {

    /** The classes with a main, as the notes list them (besides the Launcher). */
    private static final Set<String> RUNNABLE = Set.of("UploadServer", "UploadClient", "ClassroomUploadServer", "ClassroomUploadClient");

    @TempDir
    Path dir;

    @Test
    @DisplayName("the classes with a main are exactly the notes' runnable ones, plus the Launcher")
    void runnableClassesAreExactlyTheListedOnes() throws Exception {
        Set<String> withMain = Mains.classesWithMain(Launcher.class);
        Set<String> expected = new TreeSet<>(RUNNABLE);
        expected.add("Launcher");
        assertThat(withMain).isEqualTo(expected);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is TerminateProcess there: no shutdown hook runs (Ctrl+C in a console does run it)")
    @DisplayName("§10.2 UploadClient's main (upload), stopped mid-upload by SIGTERM as by Ctrl+C: it ends its bar's line and says how to resume (UploadServer's and UploadClient's mains run to the end in LargeFileTest)")
    void clientMainStoppedMidUploadSaysHowToResume() throws Exception {
        Path file = UploadFixture.randomFile(dir.resolve("client"), "film.bin", 50, 4 << 20);
        try (UploadFixture server = new UploadFixture(dir.resolve("server"))) {
            server.client("alice").close();
            long cut = ResumeTest.preamble("alice", "film.bin", 4 << 20) + 100_000;
            CountDownLatch release = new CountDownLatch(1);
            try (CuttingRelay relay = new CuttingRelay(server.address(), cut, release);
                 ChildJvm stopped = new ChildJvm("64m", UploadClient.class, dir, UploadFixture.PASSWORD + "\n",
                         "--port", Integer.toString(relay.address().getPort()), "--user", "alice", "--progress", "bar", file.toString())) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> relay.passedToServer() == cut);
                stopped.awaitOutput("\r\\[>\\s+\\]\\s+0%");
                stopped.process.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl+C (SIGINT)
                assertThat(stopped.awaitExit()).as("killed by SIGTERM").isEqualTo(143);
                release.countDown();
                assertThat(stopped.output()).containsPattern("\\]\\s+\\d+%[^\r\n]*\\R"
                        + "interrupted: the server keeps what it received; run the same command again to resume from there\\R");
            }
        }
    }
}
