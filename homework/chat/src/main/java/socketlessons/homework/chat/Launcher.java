package socketlessons.homework.chat;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import socketlessons.auth.PasswordHasher;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.homework.UserName;
import socketlessons.homework.chat.check.ChatStages;
import socketlessons.homework.friends.Colors;

/**
 * {@code java -jar homework/chat/target/homework-chat.jar <command>}: the §10.2 chat (items 1-3).
 * It only parses options and calls the classes that do the socket work.
 */
@Command(name = "homework-chat", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = BuildVersion.class,
        description = "§10.2 items 1-3: a chat service with login, relay and offline messages kept on disk.")
public final class Launcher {

    private final Console console;

    private Launcher(Console console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** Runs one command with the given console; returns its exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(Console console, String... args) {
        return Cli.run(new Launcher(console), console, args);
    }

    @Command(name = "chat-server", description = "§10.2 chat service: login, relay, offline messages kept on disk (Ctrl+C stops it).")
    void chatServer(@Mixin Endpoint endpoint,
            @Option(names = "--data", defaultValue = "chat-data", paramLabel = "FOLDER",
                    description = "folder for users.txt and messages.log (default: ${DEFAULT-VALUE})") Path data,
            @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS, paramLabel = "N",
                    description = "PBKDF2 iterations for new passwords (default: ${DEFAULT-VALUE})") int iterations) throws Exception {
        ChatService.serve(endpoint.address(), data, iterations, console.out::println);
    }

    @Command(name = "chat-load", description = "§10.2 N users send private messages to one another; prints messages/s, delivery latency, lost and duplicated.")
    int chatLoad(@Mixin Endpoint endpoint,
            @Option(names = "--users", defaultValue = "100", paramLabel = "N", description = "users (default: ${DEFAULT-VALUE})") int users,
            @Option(names = "--seconds", defaultValue = "5", paramLabel = "SECONDS", description = "how long they send (default: ${DEFAULT-VALUE})")
            double seconds) throws Exception {
        return new ChatLoad(endpoint.address(), users, seconds).runAndReport(console.out, console.err);
    }

    @Command(name = "chat-client", description = "§10.2 chat client: asks for the password (not shown as you type; piped: the first line of input),"
            + " then @name text, text (to all), /who, /quit or q.")
    int chatClient(@Mixin Endpoint endpoint,
            @Option(names = "--user", defaultValue = "${sys:user.name}", converter = UserName.Converter.class, paramLabel = "NAME",
                    description = "your user name, lower-cased; letters, digits, _ . - (default: your login name, ${DEFAULT-VALUE})") String user,
            @Option(names = "--register", description = "register this user first") boolean register,
            @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN", description = "${COMPLETION-CANDIDATES} (any case): auto paints"
                    + " unless NO_COLOR is set or output is not a terminal (default: ${DEFAULT-VALUE})") Colors color) throws Exception {
        boolean colorOn = color.enabled(System.getenv("NO_COLOR"), console.outIsTerminal());
        return new ChatClient(console, colorOn).run(endpoint.address(), user, register);
    }

    @Command(name = "check", description = "check your own §10.2 chat server, in any language, stage by stage: check server -- python3 chat_server.py"
            + " (each run logs in users of its own, alice1-k2x9...)")
    int check(@Mixin CheckOptions options) throws Exception {
        return Checker.run(options, ChatStages.all(), console);
    }
}
