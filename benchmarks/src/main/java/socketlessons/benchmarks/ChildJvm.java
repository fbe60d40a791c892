package socketlessons.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own running one of this module's commands, with the same Java and classpath as
 * this one. Its output is read line by line on a thread of its own (a child whose pipe is not
 * drained blocks on its next print); {@link #nextLine} hands the lines out in order. Linux
 * figures of the process (peak threads, peak resident memory) come from {@code /proc/PID/status}.
 */
final class ChildJvm implements AutoCloseable {

    private static final String END = "\u0000end of output";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deque<String> lastLines = new ArrayDeque<>(); // for error messages; guarded by itself

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::drain, "output of " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -cp <this classpath> socketlessons.benchmarks.Launcher <args>}. */
    static ChildJvm start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Launcher.class.getName());
        command.addAll(args);
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void drain() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 20) {
                        lastLines.removeFirst();
                    }
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone: its output ends here
        } finally {
            lines.add(END);
        }
    }

    /** The next line it prints, waiting at most {@code timeout}; empty at its end of output or on time-out. */
    Optional<String> nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null || line.equals(END)) {
            if (line != null) {
                lines.add(END); // every later call sees the end too
            }
            return Optional.empty();
        }
        return Optional.of(line);
    }

    /** Its last lines of output, for a message when something went wrong. */
    String lastLines() {
        synchronized (lastLines) {
            return String.join(" | ", lastLines);
        }
    }

    long pid() {
        return process.pid();
    }

    /** User + system CPU time of all its threads so far (Linux: /proc/PID/stat); -1 if unknown. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** A field of /proc/PID/status in kB or as a count ("Threads", "VmHWM"); -1 where there is none. */
    long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process has gone
        }
        return -1;
    }

    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Asks it to stop (SIGTERM), and kills it if it has not within 10 s (or at once, if this thread is interrupted). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
