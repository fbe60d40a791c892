package socketlessons.basics.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import socketlessons.basics.cli.Console;

/**
 * Runs a lesson's launcher in this JVM with a scripted console, the way a student runs
 * {@code java -jar lesson.jar COMMAND}: same options, same output and errors, no terminal needed.
 */
public final class CliRun implements AutoCloseable {

    /** A lesson's {@code Launcher.run(console, args)}. */
    @FunctionalInterface
    public interface Program {
        int run(Console console, String... args);
    }

    /** A program on byte streams: standard input, output, error. */
    @FunctionalInterface
    private interface Streams {
        int run(InputStream in, OutputStream out, OutputStream err, String... args);
    }

    private static final Pattern LISTENING = Pattern.compile("listening on ([^\\s:]+):(\\d+)");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errorBytes = new ByteArrayOutputStream();
    private final Pipe keyboard = new Pipe(); // standard input that the test types into, line by line
    private final CompletableFuture<Integer> exit;

    private CliRun(Streams program, String[] args) {
        exit = CompletableFuture.supplyAsync(
                () -> program.run(keyboard.source(), new SynchronizedOutput(bytes), new SynchronizedOutput(errorBytes), args),
                runnable -> {
                    Thread thread = new Thread(runnable, "console-run " + String.join(" ", args));
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    /** Starts the program on a thread of its own; type into it and read what it printed. */
    public static CliRun start(Program program, String... args) {
        return startStreams(streams(program), args);
    }

    /** Runs the program to its end with {@code input} as its standard input. */
    public static Result run(Program program, String input, String... args) {
        return runStreams(streams(program), input, args);
    }

    /**
     * Runs the program to its end with a fake person at a terminal who types {@code password}
     * without echo: the prompt shows on standard output, the password nowhere.
     */
    public static Result runAtTerminal(Program program, String password, String input, String... args) {
        return runStreams((in, out, err, a) -> program.run(Console.of(in, out, err, prompt -> {
            show(out, prompt);
            return password == null ? null : password.toCharArray();
        }), a), input, args);
    }

    private static void show(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CliRun startStreams(Streams program, String... args) {
        return new CliRun(program, args);
    }

    private static Result runStreams(Streams program, String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = program.run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, err, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Streams streams(Program program) {
        return (in, out, err, args) -> program.run(Console.of(in, out, err), args);
    }

    /** The subcommands a launcher's {@code --help} lists, in order. */
    public static Set<String> listedCommands(Program program) {
        return listedCommandsOf(streams(program));
    }

    private static Set<String> listedCommandsOf(Streams program) {
        Result help = runStreams(program, "", "--help");
        assertThat(help.exitCode()).isZero();
        Set<String> names = new LinkedHashSet<>();
        boolean inCommands = false;
        for (String line : help.output().lines().toList()) {
            if (line.startsWith("Commands:")) {
                inCommands = true;
            } else if (inCommands) {
                Matcher m = Pattern.compile("^  ([a-z][a-z0-9-]*)\\b").matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** Types a line, as a student would at the program's prompt. */
    public void type(String line) {
        keyboard.put((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Ends standard input (Ctrl+D on Linux and macOS, Ctrl+Z Enter on Windows). */
    public void endInput() {
        keyboard.end();
    }

    /** What it printed on standard output so far. */
    public String output() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** What it printed on standard error so far. */
    public String errors() {
        synchronized (errorBytes) {
            return errorBytes.toString(StandardCharsets.UTF_8);
        }
    }

    public void awaitOutput(String text) {
        await().atMost(Duration.ofSeconds(20))
                .failFast("the program ended without printing \"" + text + "\"; it printed:\n" + output() + errors(),
                        () -> exit.isDone() && !output().contains(text))
                .until(() -> output().contains(text));
    }

    /** Waits for the server's {@code listening on HOST:PORT} line and returns the port. */
    public int awaitListeningPort() {
        awaitOutput("listening on ");
        Matcher m = LISTENING.matcher(output());
        assertThat(m.find()).as("a 'listening on HOST:PORT' line in:%n%s", output()).isTrue();
        return Integer.parseInt(m.group(2));
    }

    /** Waits for the program to end and returns its exit code. */
    public int awaitExit() throws Exception {
        return exit.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        endInput();
    }

    /** What a finished run printed on standard output and standard error, and its exit code. */
    public record Result(int exitCode, String output, String errors) {
    }

    private static final class SynchronizedOutput extends OutputStream {
        private final ByteArrayOutputStream target;

        SynchronizedOutput(ByteArrayOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            synchronized (target) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (target) {
                target.write(b, off, len);
            }
        }
    }
}
