package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Mains;

/**
 * Every class the notes call runnable has a {@code main} that an IDE's Run button can start with
 * no arguments, and each one runs: {@link EveryMain} calls them one after another in a JVM of
 * its own (one JVM start, not eleven, on a busy machine), standard input ended.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson05: every runnable class's main runs")
class RunnableMainsTest {

    /** The classes with a main, as the notes' code tour lists them (VirtualThreadEchoServer too, in META-INF/versions/21). */
    private static final Set<String> RUNNABLE = Set.of("Launcher", "BusyPollingServer", "SelectorEchoServer",
            "GuardedSelectorEchoServer", "NaiveWriteServer", "ThreadPerClientEchoServer", "BlockingEchoServer", "AioEchoServer",
            "EchoClient", "LoadClient", "NonBlockingDemo");

    @Test
    @DisplayName("the classes with a main are exactly the notes' runnable ones")
    void runnableClassesAreExactlyTheListedOnes() throws Exception {
        Set<String> withMain = Mains.classesWithMain(Launcher.class);
        assertThat(withMain).isEqualTo(new TreeSet<>(RUNNABLE));
    }

    @Test
    @DisplayName("each main runs: the servers listen and stop, the client quits at the end of its input, load and demo report")
    void everyMainRuns() throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: start fast, little JIT
                "-cp", System.getProperty("java.class.path"), EveryMain.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close(); // standard input ended (Ctrl+D)
        CompletableFuture<String> output = new CompletableFuture<>();
        Clients.inBackground(() -> output.complete(readAll(child))); // read as it prints, or a full pipe would stop it
        try {
            assertThat(child.waitFor(150, TimeUnit.SECONDS)).as("it ended in time").isTrue();
            String printed = output.get(10, TimeUnit.SECONDS);
            assertThat(child.exitValue()).as(printed).isZero();
            for (String server : List.of("BusyPollingServer", "SelectorEchoServer", "GuardedSelectorEchoServer", "NaiveWriteServer",
                    "ThreadPerClientEchoServer", "BlockingEchoServer", "AioEchoServer")) {
                assertThat(printed).as(printed).containsPattern("== " + server + " .*\\R+listening on 127\\.0\\.0\\.1:\\d+\\R");
            }
            assertThat(printed).containsPattern("== LoadClient .*\\R+clients 5 \\(connected 5 in [\\d.]+ s\\): .*errors 0\\R")
                    .contains("one thread serves many clients in both").endsWith("every main ran" + System.lineSeparator());
        } finally {
            child.destroyForcibly();
        }
    }

    private static String readAll(Process child) {
        try {
            return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output lost: " + e + ")";
        }
    }
}
