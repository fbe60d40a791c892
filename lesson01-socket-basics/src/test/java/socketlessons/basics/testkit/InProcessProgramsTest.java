package socketlessons.basics.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.check.ProgramRunner.Running;

/** The test kit's in-process programs behave as the checker expects of a process. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("test kit: a program run in-process for the checker looks like a process from outside")
class InProcessProgramsTest {

    private static Running start(CliRun.Program program, String... args) throws IOException {
        return InProcessPrograms.INSTANCE.start(InProcessPrograms.INSTANCE.command(program, args), Map.of());
    }

    private static List<String> lines(Running program) throws IOException {
        return new BufferedReader(new InputStreamReader(program.output(), StandardCharsets.UTF_8)).lines().toList();
    }

    @Test
    @DisplayName("reads what is typed, prints to the checker, gets its arguments, and ends with its launcher's exit code")
    void echoesTypedLinesAndEndsWithItsExitCode() throws Exception {
        Running program = start((console, args) -> {
            try {
                console.out.println("args " + String.join(",", args));
                String line;
                while ((line = console.in.readLine()) != null) {
                    console.out.println("got " + line);
                }
                console.err.println("bye");
                return 3;
            } catch (IOException e) {
                return 1;
            }
        }, "--port", "9");
        program.input().write("你好\n".getBytes(StandardCharsets.UTF_8));
        program.input().close();

        assertThat(lines(program)).containsExactly("args --port,9", "got 你好", "bye");
        assertThat(program.alive()).isFalse();
        assertThat(program.exitCode()).isEqualTo(3);
        assertThatThrownBy(() -> program.input().write('x')).isInstanceOf(IOException.class).hasMessageContaining("ended");
    }

    @Test
    @DisplayName("stopped: what it printed before is kept, what it prints after is not shown, as after a kill")
    void keepsWhatItPrintedBeforeItWasStopped() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Running program = start((console, args) -> {
            console.out.println("before");
            try {
                stopped.await();
            } catch (InterruptedException e) {
                // stop() interrupts: a program that ignores it prints on
            }
            console.out.println("after");
            return 0;
        });

        BufferedReader output = new BufferedReader(new InputStreamReader(program.output(), StandardCharsets.UTF_8));
        assertThat(output.readLine()).isEqualTo("before");

        program.stop();
        stopped.countDown();

        assertThat(output.readLine()).as("the output ends at stop()").isNull();
        assertThat(program.alive()).isFalse();
    }

    @Test
    @DisplayName("a program that throws prints it as the JVM would for main, and exits with code 1")
    void printsAnUncaughtExceptionAndExitsWithOne() throws Exception {
        Running program = start((console, args) -> {
            throw new IllegalStateException("boom");
        });

        List<String> printed = lines(program);

        assertThat(printed.get(0)).isEqualTo("Exception in thread \"main\" java.lang.IllegalStateException: boom");
        assertThat(program.exitCode()).isEqualTo(1);
    }

    @Test
    @DisplayName("its exit code is not there before it ends (as Process.exitValue())")
    void hasNoExitCodeWhileItRuns() throws Exception {
        Running program = start((console, args) -> {
            try {
                console.in.readLine();
            } catch (IOException e) {
                return 1;
            }
            return 0;
        });

        assertThat(program.alive()).isTrue();
        assertThatThrownBy(program::exitCode).isInstanceOf(IllegalStateException.class);
        program.input().close();
        assertThat(lines(program)).isEmpty();
        assertThat(program.exitCode()).isZero();
    }
}
