package socketlessons.basics.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the course's own Python programs, run unchanged by {@code python3} against our Java
 * programs. Its fixed port 9000 is moved to the test's port by {@code course_shim.py}.
 *
 * <p>When no Python 3 is on the PATH the test is skipped, and JUnit reports it as skipped with
 * the reason, so an instructor sees that the interop check did not run. CI sets
 * {@code SOCKET_LESSONS_REQUIRE_PYTHON}: there a missing Python fails the test instead.
 */
public final class CoursePython implements AutoCloseable {

    private static final Pattern BOUND = Pattern.compile("COURSE-SHIM bound (\\d+)");

    private final Process process;
    private final Path dir;
    private final StreamCollector stdout;
    private final StreamCollector stderr;
    private final OutputStream stdin;

    private CoursePython(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.stdout = StreamCollector.of(process.getInputStream());
        this.stderr = StreamCollector.of(process.getErrorStream());
        this.stdin = process.getOutputStream();
    }

    /** Skips the calling test, visibly, when python3 cannot be run here. */
    public static void assumePython() {
        if (Interpreter.PATH == null && System.getenv("SOCKET_LESSONS_REQUIRE_PYTHON") != null) {
            throw new AssertionError("SOCKET_LESSONS_REQUIRE_PYTHON is set (as CI sets it) but no Python 3 was found"
                    + " as python3, python or py -3: the interop tests must run");
        }
        assumeTrue(Interpreter.PATH != null, "no Python 3 on the PATH (python3, python or py -3): the test with the course's Python program was skipped");
    }

    /** The Python 3 interpreter's path, or null (see {@link #assumePython()}). */
    static String interpreter() {
        return Interpreter.PATH;
    }

    /**
     * The Python 3 interpreter, found once per test run as {@code python3} (Linux, macOS),
     * {@code python} or {@code py -3} (Windows). Asking it for its own path lets every later
     * start skip launchers in between (pyenv's shim costs a third of a second a call).
     */
    private static final class Interpreter {
        static final String PATH = find();

        private static String find() {
            for (List<String> candidate : List.of(List.of("python3"), List.of("python"), List.of("py", "-3"))) {
                String path = ask(candidate);
                if (path != null) {
                    return path;
                }
            }
            return null;
        }

        /** The interpreter's own path if {@code command} runs a Python 3, else null. */
        private static String ask(List<String> command) {
            List<String> full = new java.util.ArrayList<>(command);
            full.addAll(List.of("-c", "import sys; print(sys.executable if sys.version_info[0] == 3 else '')"));
            try {
                Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
                String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !path.isEmpty() && !path.contains("\n") ? path : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * Starts a course script found as a class-path resource next to {@code anchor}, talking to
     * {@code port} where the script says 9000 (0 for a Python server: see {@link #boundPort()}),
     * with {@code args} as its command-line arguments.
     */
    public static CoursePython start(Class<?> anchor, String resource, int port, String... args) throws IOException {
        assumePython();
        Path dir = Files.createTempDirectory("course-python");
        Path shim = copy(CoursePython.class, "course_shim.py", dir);
        Path script = copy(anchor, resource, dir);
        List<String> command = new java.util.ArrayList<>(List.of(Interpreter.PATH, "-u", "-S", shim.toString(), script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("COURSE_PORT", Integer.toString(port));
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        return new CoursePython(builder.start(), dir);
    }

    private static Path copy(Class<?> anchor, String resource, Path dir) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource + " next to " + anchor.getName());
            }
            Path target = dir.resolve(Path.of(resource).getFileName().toString());
            Files.copy(in, target);
            return target;
        }
    }

    /** The port a Python server bound, once it has bound it. */
    public int boundPort() {
        await().atMost(Duration.ofSeconds(20)).until(() -> BOUND.matcher(stderr.text()).find() || !process.isAlive());
        Matcher m = BOUND.matcher(stderr.text());
        assertThat(m.find()).as("python never bound a port; its stderr:%n%s", stderr.text()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Types one line at the program's {@code input()} prompt. */
    public void type(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the program's standard input (end of input). */
    public void closeInput() throws IOException {
        stdin.close();
    }

    /** Everything the program printed so far. */
    public String output() {
        return stdout.text();
    }

    public String errors() {
        return stderr.text();
    }

    /** Waits until the program printed {@code text}. */
    public void awaitOutput(String text) {
        await().atMost(Duration.ofSeconds(20))
                .failFast("python exited; stdout:\n" + output() + "\nstderr:\n" + errors(),
                        () -> !process.isAlive() && !output().contains(text))
                .until(() -> output().contains(text));
    }

    /** Waits for the program to end and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("python still running; stdout:%n%s", output()).isTrue();
        stdout.awaitEnd();
        stderr.awaitEnd();
        return process.exitValue();
    }

    public List<String> outputLines() {
        return output().lines().toList();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover temporary folder is not worth failing a test for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
