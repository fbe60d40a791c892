package socketlessons.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The upload homework measures itself ({@code homework/upload/target/homework-upload.jar
 * upload-bench}): this only runs it, if the jar has that command, and keeps what it prints for
 * RESULTS.md.
 */
final class UploadBenchmark {

    static final String NOT_AVAILABLE = "(upload-bench not available yet)";

    private final Path homeworkJar;
    private final int mib;
    private final Duration timeLimit;

    UploadBenchmark(Path homeworkJar, int mib, Duration timeLimit) {
        this.homeworkJar = homeworkJar;
        this.mib = mib;
        this.timeLimit = timeLimit;
    }

    String command() {
        return "java -jar " + homeworkJar + " upload-bench --mib " + mib;
    }

    /** Its output, or {@link #NOT_AVAILABLE} (with the reason) when there is no jar or no such command. */
    String run() throws IOException, InterruptedException {
        if (!Files.isRegularFile(homeworkJar)) {
            return NOT_AVAILABLE + ": no " + homeworkJar + " (build it first: ./mvnw -pl homework/upload -am package)";
        }
        Result help = java(List.of("--help"), Duration.ofSeconds(60));
        if (!help.output().contains("upload-bench")) {
            return NOT_AVAILABLE;
        }
        Result bench = java(List.of("upload-bench", "--mib", Integer.toString(mib)), timeLimit);
        if (bench.exit() != 0) {
            return "upload-bench failed (exit " + bench.exit() + "):\n\n```\n" + bench.output() + "```";
        }
        return bench.output();
    }

    private record Result(int exit, String output) {
    }

    private Result java(List<String> args, Duration limit) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(homeworkJar.toString());
        command.addAll(args);
        Path out = Files.createTempFile("upload-bench", ".txt");
        try {
            // Standard output only: what upload-bench prints there is its table.
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, "stopped after " + limit.toSeconds() + " s\n");
            }
            return new Result(process.exitValue(), Files.readString(out, java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
