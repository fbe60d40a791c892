package socketlessons.basics.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standard input, output and error of one run of a command. Output goes to {@link #out},
 * every error to {@link #err}, so {@code 2>/dev/null} hides errors and nothing else.
 * Tests make one with {@link #of} over byte streams; {@code main} uses {@link #system()}.
 */
public final class Console {

    /** The keyboard of a person at a terminal: a password is read from it without echo. */
    @FunctionalInterface
    public interface Terminal {
        /** The typed line, not echoed, or null at end of input. */
        char[] readPassword(String prompt);
    }

    public final BufferedReader in;
    public final PrintWriter out;
    public final PrintWriter err;
    private final Terminal terminal; // null: standard input is a file or a pipe
    private final boolean outIsTerminal;

    private Console(InputStream in, Charset inCharset, OutputStream out, OutputStream err, Charset outCharset,
            Terminal terminal, boolean outIsTerminal) {
        this.in = new BufferedReader(new InputStreamReader(in, inCharset));
        this.out = new PrintWriter(new OutputStreamWriter(out, outCharset), true);
        this.err = new PrintWriter(new OutputStreamWriter(err, outCharset), true);
        this.terminal = terminal;
        this.outIsTerminal = outIsTerminal;
    }

    /** UTF-8 streams with no terminal: what a test or a pipe gives a program. */
    public static Console of(InputStream in, OutputStream out, OutputStream err) {
        return of(in, out, err, null);
    }

    /** UTF-8 streams with a (fake) person at a terminal: what a test of a password prompt uses. */
    public static Console of(InputStream in, OutputStream out, OutputStream err, Terminal terminal) {
        return new Console(in, StandardCharsets.UTF_8, out, err, StandardCharsets.UTF_8, terminal, terminal != null);
    }

    /**
     * This process's own console. Text is encoded as the console expects where the JDK says
     * ({@code stdout.encoding} on JDK 19+, the console's charset), UTF-8 otherwise: on Windows
     * {@code chcp 65001} makes {@code cmd.exe} show Chinese right.
     */
    public static Console system() {
        java.io.Console console = System.console();
        Charset inCharset = console != null ? console.charset() : StandardCharsets.UTF_8;
        Charset outCharset = charset(System.getProperty("stdout.encoding"), console != null ? console.charset() : StandardCharsets.UTF_8);
        boolean inIsTerminal = console != null && isTerminal(console);
        Terminal keyboard = inIsTerminal ? prompt -> console.readPassword("%s", prompt) : null;
        return new Console(System.in, inCharset, System.out, System.err, outCharset, keyboard, stdoutIsTerminal(inIsTerminal));
    }

    /**
     * Reads a password: prompted and not echoed where a person types at a terminal, the next
     * line of standard input otherwise (so {@code echo pw | ...} works). Null at end of input.
     */
    public String readPassword(String prompt) throws IOException {
        if (terminal != null) {
            char[] typed = terminal.readPassword(prompt);
            return typed == null ? null : new String(typed);
        }
        return in.readLine();
    }

    /** True when standard output is a terminal (whatever standard input is). */
    public boolean outIsTerminal() {
        return outIsTerminal;
    }

    private static Charset charset(String name, Charset fallback) {
        try {
            return name == null ? fallback : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** JDK 22+ returns a console for pipes too; its isTerminal() tells (called by name: we compile for 17). */
    private static boolean isTerminal(java.io.Console console) {
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17 to 21: System.console() is null unless both ends are a terminal
        }
    }

    /** Linux says where standard output goes; elsewhere a console means a terminal. */
    private static boolean stdoutIsTerminal(boolean consoleIsTerminal) {
        Path fd1 = Path.of("/proc/self/fd/1");
        try {
            if (Files.isSymbolicLink(fd1)) {
                String target = Files.readSymbolicLink(fd1).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through to what the JDK knows
        }
        return consoleIsTerminal;
    }
}
