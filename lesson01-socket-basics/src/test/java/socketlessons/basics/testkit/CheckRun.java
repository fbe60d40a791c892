package socketlessons.basics.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.check.Stage;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;

/**
 * Runs a lesson's {@code check} command on its stages and compares the whole transcript with
 * a fixture file, as CodeCrafters' testers are tested: programs that must pass, and broken
 * programs that must fail at a named stage with its hint. Ports and commands are masked.
 */
public final class CheckRun {

    /** What {@code check} printed (masked) on standard output and on standard error, and its exit code. */
    public record Result(int exitCode, String output, String errors) {
    }

    private final List<Stage> stages;
    private final Map<String, String> names = new LinkedHashMap<>();
    private java.util.regex.Pattern ignored;

    private CheckRun(List<Stage> stages) {
        this.stages = stages;
    }

    /** A checker for a lesson's stages, as its launcher's {@code check} command runs them. */
    public static CheckRun of(List<Stage> stages) {
        return new CheckRun(stages);
    }

    /** Shows {@code command} as {@code name} in the masked transcript (a temporary path or a class path would differ each run). */
    public CheckRun naming(List<String> command, String name) {
        names.put(String.join(" ", command), name);
        return this;
    }

    /**
     * Leaves out the program's lines that match {@code regex}: for a line a program prints after
     * it hung up, which may or may not come before the checker ends the program (say why where
     * it is used).
     */
    public CheckRun ignoringProgramLines(String regex) {
        ignored = java.util.regex.Pattern.compile(regex);
        return this;
    }

    /** Runs {@code check ARGS}, as {@code java -jar lesson.jar check ARGS}. */
    public Result run(String... args) {
        CliRun.Result run = CliRun.run((console, a) -> Cli.run(new Check(stages, console), console, a), "", args);
        return new Result(run.exitCode(), masked(run.output()), masked(run.errors()));
    }

    /** {@code check MODE --timeout T -- COMMAND...}. */
    public Result run(String mode, int timeoutSeconds, List<String> command, String... more) {
        List<String> args = new ArrayList<>(List.of(mode, "--timeout", Integer.toString(timeoutSeconds)));
        args.addAll(List.of(more));
        args.add("--");
        args.addAll(command);
        return run(args.toArray(String[]::new));
    }

    private String masked(String output) {
        String masked = output.replace("\r\n", "\n");
        for (Map.Entry<String, String> name : names.entrySet()) {
            masked = masked.replace(name.getKey(), name.getValue());
        }
        masked = masked.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT").replaceAll("PORT=\\d+", "PORT=N");
        if (ignored != null) {
            masked = masked.lines()
                    .filter(line -> !(line.startsWith("[your program] ") && ignored.matcher(line.substring("[your program] ".length())).matches()))
                    .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
        }
        return masked;
    }

    /**
     * Asserts the transcript and exit code equal the fixture {@code resource} next to {@code anchor}.
     * After a deliberate change of the checker's wording, {@code -Dcheck.record=true} writes the
     * transcripts into {@code src/test/resources} instead (CodeCrafters' RECORD_FIXTURES): read the diff before committing it.
     */
    public static void assertMatches(Result result, int exitCode, Class<?> anchor, String resource) throws IOException {
        if (Boolean.getBoolean("check.record")) {
            Path file = Path.of("src/test/resources", anchor.getPackageName().replace('.', '/'), resource);
            Files.createDirectories(file.getParent());
            Files.writeString(file, result.output(), StandardCharsets.UTF_8);
        }
        String expected;
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            assertThat(in).as("fixture %s next to %s", resource, anchor.getName()).isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
        assertThat(result.output()).as("check's transcript, against the fixture %s", resource).isEqualTo(expected);
        assertThat(result.exitCode()).as("check's exit code; it printed:%n%s", result.output()).isEqualTo(exitCode);
    }

    /**
     * A lesson's own Java program, run by the checker in this JVM: {@code program} is its
     * launcher's {@code run} (as {@code java -jar lesson.jar ARGS} runs it), {@code args} may hold
     * {@code {port}}. The same transcript as {@link #java} at a fraction of its cost (see
     * {@link InProcessPrograms}); keep a fixture per lesson on a real process (a Python program
     * or {@link #java}), so the process path is tested too. Name it with {@link #naming}, as the command shown differs each run.
     */
    public static List<String> inProcess(CliRun.Program program, String... args) {
        return InProcessPrograms.INSTANCE.command(program, args);
    }

    /** {@code java -cp <this test run's class path> MAIN ARGS}: a lesson's own program as a child process. */
    public static List<String> java(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: start fast, little JIT
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * {@code python3 -S SCRIPT ARGS} for a Python program kept as a resource next to {@code anchor},
     * copied into {@code dir}. Skips the test when python3 is not on the PATH.
     */
    public static List<String> python(Class<?> anchor, String resource, Path dir, String... args) throws IOException {
        CoursePython.assumePython();
        List<String> command = new ArrayList<>(List.of(python(), "-S", copy(anchor, resource, dir).toString())); // -S: no site-packages (our programs need none), a third faster to start
        command.addAll(List.of(args));
        return command;
    }

    /**
     * {@code python3 -S exercises/FILE ARGS}: a lesson's Python starter, as a student runs it from the
     * module's folder (the tests' working directory). Skips the test when python3 is not on the PATH.
     */
    public static List<String> exercise(String file, String... args) {
        CoursePython.assumePython();
        List<String> command = new ArrayList<>(List.of(python(), "-S", Path.of("exercises", file).toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * One of the course's Python programs, unchanged, run on the port the checker gives in
     * {@code PORT} instead of its hard-coded 9000 ({@code course_port.py} moves it).
     */
    public static List<String> coursePython(Class<?> anchor, String resource, Path dir, String... args) throws IOException {
        CoursePython.assumePython();
        List<String> command = new ArrayList<>(List.of(python(), "-S",
                copy(CheckRun.class, "/socketlessons/basics/check/course_port.py", dir).toString(),
                copy(anchor, resource, dir).toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Compiles every {@code .java} starter file in a lesson's {@code exercises/} folder (the module's
     * folder is the working directory of its tests), each on its own as a student runs it with
     * {@code java File.java}, and checks every {@code .py} starter parses. Returns how many files were checked.
     */
    public static int assertExercisesCompile(Path exercises, Path scratch) throws IOException, InterruptedException {
        List<Path> files;
        try (var listing = Files.list(exercises)) {
            files = listing.sorted().toList();
        }
        int checked = 0;
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        for (Path file : files) {
            if (file.toString().endsWith(".java")) {
                java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
                int code = javac.run(null, errors, errors, "-d", scratch.resolve("classes-" + checked).toString(),
                        "-encoding", "UTF-8", "-proc:none", "-cp", scratch.toString(), // as java File.java: the JDK only, no class path to scan
                        file.toString());
                assertThat(code).as("javac %s:%n%s", file, errors.toString(StandardCharsets.UTF_8)).isZero();
                checked++;
            }
        }
        List<String> python = files.stream().filter(f -> f.toString().endsWith(".py")).map(Path::toString).toList();
        if (!python.isEmpty()) {
            CoursePython.assumePython();
            List<String> command = new ArrayList<>(List.of(python(), "-S", "-c",
                    "import sys\nfor f in sys.argv[1:]: compile(open(f, encoding='utf-8').read(), f, 'exec')"));
            command.addAll(python);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("python3 compiling %s:%n%s", python, output).isZero();
            checked += python.size();
        }
        return checked;
    }

    /**
     * The Python 3 interpreter's path, as {@code python3}, {@code python} or {@code py -3} names it
     * (call after {@link CoursePython#assumePython()}, which skips the test when there is none).
     */
    public static String python() {
        return CoursePython.interpreter();
    }

    private static Path copy(Class<?> anchor, String resource, Path dir) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource + " next to " + anchor.getName());
            }
            Path target = dir.resolve(Path.of(resource).getFileName().toString());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    /** The {@code check} subcommand as a lesson's launcher wires it (there the console comes from the launcher). */
    @Command(name = "check")
    static final class Check implements Callable<Integer> {
        private final List<Stage> stages;
        private final Console console;
        @Mixin CheckOptions options;

        Check(List<Stage> stages, Console console) {
            this.stages = stages;
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            return Checker.run(options, stages, console, InProcessPrograms.INSTANCE);
        }
    }
}
