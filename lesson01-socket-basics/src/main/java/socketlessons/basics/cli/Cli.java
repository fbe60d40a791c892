package socketlessons.basics.cli;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a lesson's launcher: picocli parses the options, the command runs, and whatever goes
 * wrong becomes one line on standard error that a student can act on. Exit codes: 0 done,
 * 1 failed, 2 bad usage. The kit parses and reports; the socket calls stay in the lessons.
 */
public final class Cli {

    private Cli() {
    }

    /** Runs {@code args} against {@code launcher}'s commands; returns the exit code. */
    public static int run(Object launcher, Console console, String... args) {
        CommandLine cli = new CommandLine(launcher);
        cli.setOut(console.out);
        cli.setErr(console.err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, ignored) -> {
            console.err.println("error: " + e.getMessage()
                    + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof UsageError) { // options that parse but do not fit together
                console.err.println("error: " + e.getMessage() + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
                return CommandLine.ExitCode.USAGE;
            }
            console.err.println("error: " + describe(e, command.getCommandSpec()));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    /** Options that parse one by one but not together: thrown from a command, it exits 2 like any usage error. */
    public static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageError(String message) {
            super(message);
        }
    }

    /** {@code command} followed by {@code args}: what a class's own {@code main} hands its launcher. */
    public static String[] prepend(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** One line for a failure: what happened, without Java's class names, and what to do where we know. */
    public static String describe(Throwable e) {
        return describe(e, null);
    }

    private static String describe(Throwable thrown, CommandSpec command) {
        Throwable e = unwrap(thrown);
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (e instanceof ConnectException && lower.contains("refused")) {
            boolean retry = command != null && command.findOption("--retry") != null;
            return "connection refused (is the server running? start it first"
                    + (retry ? ", or give the client --retry SECONDS" : "") + ")";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return "cannot connect: " + message + " (check --host and --port, and that the server is running)";
        }
        if (e instanceof BindException && lower.contains("in use")) {
            return "address already in use (another program holds this port: stop it, or choose another with --port, 0 for any free one)";
        }
        if (e instanceof BindException && lower.contains("assign")) {
            return "cannot assign the address (is --host an address of this machine? 127.0.0.1 always is)";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + message + " (check --host: a name this machine can look up, or an address like 127.0.0.1)";
        }
        if (e instanceof NoSuchFileException || (e instanceof FileNotFoundException && lower.contains("no such file"))) {
            return "no such file: " + fileName(e, message) + " (check the path: it is relative to the folder you run the command from)";
        }
        if (lower.contains("is a directory")) {
            return fileName(e, message) + " is a folder, not a file (name a file in it)";
        }
        if (e instanceof AccessDeniedException || e instanceof FileNotFoundException) {
            return "cannot open " + fileName(e, message) + " (is it a file you may read and write?)";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out: the other side did not answer in time (is it the right server, and is it stuck?)";
        }
        if (e instanceof SSLException) {
            return "TLS handshake failed: " + message
                    + " (does the client trust the server's certificate, and do both sides use TLS?)";
        }
        if (e instanceof EOFException || (e instanceof SocketException && isGoneMessage(lower))) {
            return "the other side went away (" + (message.isEmpty() ? "end of stream" : message) + ")";
        }
        return message.isEmpty() ? "unexpected failure, a bug in this program: please report it with the command you ran" : message;
    }

    /** Reset and abort wordings of Linux, macOS and Windows (WinError 10053, 10054). */
    private static boolean isGoneMessage(String lower) {
        return lower.contains("reset") || lower.contains("broken pipe") || lower.contains("abort")
                || lower.contains("forcibly closed") || lower.contains("socket closed") || lower.contains("connection closed");
    }

    /** The file's name as the system gave it: "x (No such file or directory)" becomes "x". */
    private static String fileName(Throwable e, String message) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            return fs.getFile();
        }
        int paren = message.lastIndexOf(" (");
        return paren > 0 ? message.substring(0, paren) : message;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof UncheckedIOException || current instanceof CompletionException
                || current instanceof ExecutionException || current instanceof CommandLine.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
