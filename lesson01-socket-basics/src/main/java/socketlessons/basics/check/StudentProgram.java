package socketlessons.basics.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The student's program, started by a {@link ProgramRunner} (a process, in any language, for {@code check}): its port in the environment
 * variable {@code PORT} (and in place of a literal {@code {port}} in the command), everything it
 * prints relayed line by line as {@code [your program] ...}, and kept for the stages to look at.
 */
final class StudentProgram implements AutoCloseable {

    static final String PREFIX = "[your program] ";

    private final ProgramRunner.Running running;
    private final List<String> lines = new ArrayList<>();
    private final Thread relay;

    private StudentProgram(ProgramRunner.Running running, PrintWriter out) {
        this.running = running;
        this.relay = new Thread(() -> relay(out), "check: your program's output");
        relay.setDaemon(true);
        relay.start();
    }

    static StudentProgram start(ProgramRunner runner, List<String> command, int port, PrintWriter out) throws IOException {
        List<String> args = new ArrayList<>();
        for (String arg : command) {
            args.add(arg.replace("{port}", Integer.toString(port)));
        }
        // Python buffers its output when it goes to a pipe: without the last two, a student's
        // print() would show only when the program ends, and in the platform's charset.
        Map<String, String> environment = Map.of("PORT", Integer.toString(port), "PYTHONUNBUFFERED", "1", "PYTHONIOENCODING", "utf-8");
        return new StudentProgram(runner.start(args, environment), out);
    }

    private void relay(PrintWriter out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(running.output(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                out.println(PREFIX + line);
            }
        } catch (IOException e) {
            // the program is gone; what it printed so far has been shown
        }
    }

    /** True when the program printed a line containing {@code text}. */
    boolean printed(String text) {
        synchronized (lines) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }
    }

    /** For a program that has ended: waits until its last words are read, then looks for {@code text}. */
    boolean printedAfterExit(String text) throws InterruptedException {
        relay.join(5_000);
        return printed(text);
    }

    /** The last line it printed, or null. */
    String lastLine() {
        synchronized (lines) {
            return lines.isEmpty() ? null : lines.get(lines.size() - 1);
        }
    }

    boolean alive() {
        return running.alive();
    }

    /** "it exited with code 1", for a program that ended. */
    String exit() {
        return "your program exited with code " + running.exitCode();
    }

    /** Types a line at the program's standard input. */
    void type(String line) throws IOException {
        OutputStream in = running.input();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Ends the program's standard input (Ctrl+D). */
    void endInput() throws IOException {
        running.input().close();
    }

    /**
     * Ends the program if it still runs, and waits until all it printed has been shown. The
     * checker calls this before it hangs up its own connections: a program killed while it
     * waits for the checker prints nothing more, so the transcript is the same every run.
     */
    @Override
    public void close() throws InterruptedException {
        running.stop();
        try {
            running.input().close(); // its standard input: on Windows the handle stays open until closed
        } catch (IOException alreadyClosed) {
            // ended with endInput()
        }
        relay.join(5_000);
    }
}
