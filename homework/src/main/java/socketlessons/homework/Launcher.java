package socketlessons.homework;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import socketlessons.homework.chat.ChatCommands;
import socketlessons.homework.friends.FriendsCommands;
import socketlessons.homework.upload.UploadCommands;

/**
 * {@code java -jar homework.jar <command>}: the §10 homework. It only parses options and
 * calls the homework's classes, which do the socket work.
 */
@Command(name = "homework", mixinStandardHelpOptions = true, version = "socket-lessons homework 1.0",
        description = "§10 homework: friends in colour (10.1); a chat service with login and offline messages, and file upload (10.2).",
        subcommands = {FriendsCommands.Server.class, FriendsCommands.Client.class, ChatCommands.Server.class,
            ChatCommands.Client.class, ChatCommands.Load.class, UploadCommands.Server.class, UploadCommands.Upload.class,
            UploadCommands.Download.class, UploadCommands.ListFiles.class, UploadCommands.Bench.class, FriendsCommands.Demo.class})
public final class Launcher {

    /** The console every command reads and writes. */
    public final BufferedReader in;
    public final PrintWriter out;

    Launcher(InputStream in, PrintStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        System.exit(run(System.in, System.out, args));
    }

    /** Runs one command with the given console; returns its exit code. */
    public static int run(InputStream in, PrintStream out, String... args) {
        Launcher launcher = new Launcher(in, out);
        CommandLine cli = new CommandLine(launcher);
        cli.setOut(launcher.out);
        cli.setErr(launcher.out);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            launcher.out.println("error: " + e);
            return 1;
        });
        return cli.execute(args);
    }

    public static String[] prepend(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** The options every program has. */
    public static final class Endpoint {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
        public String host;

        @Option(names = "--port", defaultValue = "9000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
        public int port;
    }

    /** Base of every subcommand: the console, and the options. */
    public abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        protected Launcher console;

        @CommandLine.Mixin
        protected Endpoint endpoint = new Endpoint();
    }
}
