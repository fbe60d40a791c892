package socketlessons.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Everything, in one run: the machine's facts, the echo servers under load, the codec, the
 * upload, written to RESULTS.md (to a temporary file first, so a run that fails half-way leaves
 * the last complete report in place).
 */
final class BenchmarkRun {

    /** How much to run: the full run for RESULTS.md, or a quick one that checks the whole path works. */
    record Plan(boolean quick, EchoLoadBenchmark.Settings load, CodecBenchmark.Settings codec, int uploadMib) {

        static Plan fullRun() {
            return new Plan(false, new EchoLoadBenchmark.Settings(servers(), List.of(100, 1_000, 10_000), 3, 3, 10),
                    new CodecBenchmark.Settings(List.of("64", "4096", "1048576"), List.of("whole", "one-byte", "random"), 3, 5, 1),
                    1024);
        }

        /** One round of 1 s warm-up and 2 s measured, the 64-byte codec rows only, a 64 MiB upload. */
        static Plan quickRun() {
            return new Plan(true, new EchoLoadBenchmark.Settings(servers(), List.of(100, 1_000, 10_000), 1, 1, 2),
                    new CodecBenchmark.Settings(List.of("64"), List.of("whole", "one-byte", "random"), 1, 2, 1), 64);
        }

        private static List<ServerKind> servers() {
            return Arrays.stream(ServerKind.values()).filter(ServerKind::available).toList();
        }
    }

    private final Plan plan;
    private final Path results;
    private final Path homeworkJar;
    private final String command;
    private final PrintWriter console;

    BenchmarkRun(Plan plan, Path results, Path homeworkJar, String command, PrintWriter console) {
        this.plan = plan;
        this.results = results;
        this.homeworkJar = homeworkJar;
        this.command = command;
        this.console = console;
    }

    void run() throws IOException, InterruptedException, RunnerException {
        Instant started = Instant.now();
        String loadBefore = Machine.loadAverage();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        if (plan.quick()) {
            md.append("> **A quick run** (`--quick`): one round, short windows, 64-byte codec rows only, a ")
                    .append(plan.uploadMib()).append(" MiB upload. It shows the format and that every part runs;"
                            + " its figures are noisy and are not the results. The full run is the same command without `--quick`.\n\n");
        }
        md.append("Started ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(". How to read these tables: [README.md](README.md).\n\n");
        md.append("## Machine\n\n");
        md.append("- CPU: ").append(Machine.cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (load client and server share them), ").append(Machine.memory()).append(" RAM\n");
        md.append("- OS: ").append(Machine.os()).append("\n");
        md.append("- JDK: ").append(Machine.jdk()).append(" (servers, load client and JMH forks all run on it, default JVM options)\n");
        md.append("- open-files limit: ").append(Machine.openFilesLimit()).append("\n");
        md.append("- load average before: ").append(loadBefore).append(" (other processes compete for the same cores)\n");
        md.append("- command: `").append(command).append("`\n\n");

        EchoLoadBenchmark.Settings load = plan.load();
        console.println("== echo servers under load: " + load);
        List<EchoLoadBenchmark.Run> runs = new EchoLoadBenchmark(load, console::println).runAll();
        md.append("## Echo servers under load\n\n");
        md.append(String.format(Locale.ROOT, "Each server in a JVM of its own; lesson05's load client in another; 64-byte framed"
                + " messages, one in flight per connection; %.0f s warm-up once every connection is open, then %.0f s measured;"
                + " %d round(s), servers rotated each round; medians over the rounds.%s%n%n",
                load.warmupSeconds(), load.seconds(), load.rounds(),
                load.servers().contains(ServerKind.VIRTUAL_THREADS) ? "" : " No virtual-thread rows: this JDK is older than 21,"
                        + " or lesson05 was built by one."));
        md.append(Report.echoTable(runs, load.servers(), load.clients()));
        String errors = Report.echoErrors(runs);
        if (!errors.isEmpty()) {
            md.append("\nErrors:\n\n").append(errors).append("\n");
        }

        CodecBenchmark codec = new CodecBenchmark(plan.codec());
        console.println("== codec: " + codec.describe());
        List<CodecBenchmark.Row> rows = codec.run();
        md.append("\n## Codec\n\n");
        md.append("lesson04's `FrameDecoder` and Netty's `LengthFieldBasedFrameDecoder` (in an `EmbeddedChannel`) on the same"
                + " stream in the same slices; ").append(codec.describe()).append(". Frames/s with JMH's 99.9% error;"
                + " bytes allocated per frame from `gc.alloc.rate.norm`.\n\n");
        md.append(Report.codecTable(rows));

        UploadBenchmark upload = new UploadBenchmark(homeworkJar, plan.uploadMib(), Duration.ofMinutes(15));
        console.println("== upload: " + upload.command());
        md.append("\n## Upload\n\n");
        String uploadOutput = upload.run();
        if (!uploadOutput.startsWith(UploadBenchmark.NOT_AVAILABLE)) {
            md.append("`").append(upload.command()).append("`:\n\n");
        }
        md.append(Report.fenceCommentLines(uploadOutput.strip())).append("\n");

        Duration took = Duration.between(started, Instant.now());
        md.append(String.format(Locale.ROOT, "%n---%nLoad average after: %s. The whole run took %d min %02d s.%n",
                Machine.loadAverage(), took.toMinutes(), took.toSecondsPart()));
        Path temporary = results.resolveSibling(results.getFileName() + ".tmp");
        Files.writeString(temporary, md, StandardCharsets.UTF_8);
        Files.move(temporary, results, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        console.println("== wrote " + results + " in " + took.toMinutes() + " min " + took.toSecondsPart() + " s");
    }
}
