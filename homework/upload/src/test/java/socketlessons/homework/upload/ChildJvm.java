package socketlessons.homework.upload;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A class of this module run in a JVM of its own, with its own heap limit: what a student does with {@code java -Xmx32m}. */
final class ChildJvm implements AutoCloseable {

    final Process process;
    private final Path output;

    ChildJvm(String maxHeap, Class<?> mainClass, Path workingDir, String stdin, String... args) throws IOException {
        this(maxHeap, true, mainClass, workingDir, stdin, args);
    }

    /**
     * @param c1Only C1 alone, as the test JVM: a child lives seconds, and C2's compiling costs more CPU than it
     *     saves (measured with the largest, LargeFileTest's three at 32 MiB). False for gigabytes, where
     *     SHA-256 needs C2's intrinsic (C1 hashes at about 30 MB/s).
     */
    ChildJvm(String maxHeap, boolean c1Only, Class<?> mainClass, Path workingDir, String stdin, String... args) throws IOException {
        // The serial collector: a small heap and few threads, and no region that a 1 MiB buffer overflows (G1's
        // humongous objects); what is shown is that the program's memory does not grow with the file.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + maxHeap, "-XX:+UseSerialGC"));
        if (c1Only) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        // Into a file (not in workingDir, whose files a test may count), not a pipe: a pipe read while the
        // process exits can lose its last lines ("Stream closed").
        output = Files.createTempFile("child-jvm-", ".out");
        process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
    }

    /** Waits for the end; returns the exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end in 90 s; it printed:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything it printed so far (standard output and error). */
    String output() {
        try {
            return new String(Files.readAllBytes(output), StandardCharsets.UTF_8); // the tests look for ASCII lines only
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until it has printed something that {@code regex} finds; returns the first group (or the whole match). */
    String awaitOutput(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
            boolean alive = process.isAlive(); // before reading: what it printed before it ended is all there
            Matcher m = pattern.matcher(output());
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!alive) {
                throw new AssertionError("the child JVM ended without printing " + regex + "; it printed:\n" + output());
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    /** SIGKILL, like kill -9: no shutdown hook, no finally block runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        kill();
        Files.deleteIfExists(output);
    }
}
