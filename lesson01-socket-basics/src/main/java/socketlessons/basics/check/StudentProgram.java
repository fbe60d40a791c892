package socketlessons.basics.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The student's program, started as a process in any language: its port in the environment
 * variable {@code PORT} (and in place of a literal {@code {port}} in the command), everything it
 * prints relayed line by line as {@code [your program] ...}, and kept for the stages to look at.
 */
final class StudentProgram implements AutoCloseable {

    static final String PREFIX = "[your program] ";

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread relay;

    private StudentProgram(Process process, PrintWriter out) {
        this.process = process;
        this.relay = new Thread(() -> relay(out), "check: your program's output");
        relay.setDaemon(true);
        relay.start();
    }

    static StudentProgram start(List<String> command, int port, PrintWriter out) throws IOException {
        List<String> args = new ArrayList<>();
        for (String arg : command) {
            args.add(arg.replace("{port}", Integer.toString(port)));
        }
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        // Python buffers its output when it goes to a pipe: without these, a student's print()
        // would show only when the program ends, and in the platform's charset.
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        return new StudentProgram(builder.start(), out);
    }

    private void relay(PrintWriter out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
        return process.isAlive();
    }

    /** "it exited with code 1", for a program that ended. */
    String exit() {
        return "your program exited with code " + process.exitValue();
    }

    /** Types a line at the program's standard input. */
    void type(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Ends the program's standard input (Ctrl+D). */
    void endInput() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * Ends the program if it still runs, and waits until all it printed has been shown. The
     * checker calls this before it hangs up its own connections: a program killed while it
     * waits for the checker prints nothing more, so the transcript is the same every run.
     */
    @Override
    public void close() throws InterruptedException {
        // Through its ProcessHandle, not Process.destroy(): that one also closes the program's
        // output stream, and a line it printed that the relay had not read yet was lost (a line
        // printed before a datagram was sent went missing from the transcript 1 run in 15).
        ProcessHandle handle = process.toHandle();
        process.descendants().forEach(ProcessHandle::destroy);
        handle.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try {
            process.getOutputStream().close(); // its standard input: on Windows the handle stays open until closed
        } catch (IOException alreadyClosed) {
            // ended with endInput()
        }
        relay.join(5_000);
    }
}
