package socketlessons.basics.testkit;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The launchers' old console ({@code run(in, out, args)}, errors on standard output), kept
 * while the lessons move to the CLI kit and {@link CliRun}; it runs on {@link CliRun}.
 */
public final class ConsoleRun implements AutoCloseable {

    /** A lesson's old {@code Launcher.run(in, out, args)}. */
    @FunctionalInterface
    public interface Program {
        int run(InputStream in, PrintStream out, String... args);
    }

    private final CliRun run;

    private ConsoleRun(CliRun run) {
        this.run = run;
    }

    public static ConsoleRun start(Program program, String... args) {
        return new ConsoleRun(CliRun.startStreams(streams(program), args));
    }

    public static Result run(Program program, String input, String... args) {
        CliRun.Result result = CliRun.runStreams(streams(program), input, args);
        return new Result(result.exitCode(), result.output());
    }

    public static Set<String> listedCommands(Program program) {
        return CliRun.listedCommandsOf(streams(program));
    }

    private static CliRun.Streams streams(Program program) {
        return (in, out, err, args) -> program.run(in, new PrintStream(out, true, StandardCharsets.UTF_8), args);
    }

    public void type(String line) {
        run.type(line);
    }

    public void endInput() {
        run.endInput();
    }

    public String output() {
        return run.output();
    }

    public void awaitOutput(String text) {
        run.awaitOutput(text);
    }

    public int awaitListeningPort() {
        return run.awaitListeningPort();
    }

    public int awaitExit() throws Exception {
        return run.awaitExit();
    }

    @Override
    public void close() {
        run.close();
    }

    public record Result(int exitCode, String output) {
    }
}
