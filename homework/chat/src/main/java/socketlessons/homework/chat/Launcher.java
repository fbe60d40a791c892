package socketlessons.homework.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import socketlessons.auth.LoginThrottle;
import socketlessons.auth.PasswordHasher;
import socketlessons.auth.PasswordStore;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.homework.UserName;
import socketlessons.homework.friends.Colors;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

/**
 * {@code java -jar homework/chat/target/homework-chat.jar <command>}: the §10.2 chat (items 1-3).
 * It only parses options and calls the classes that do the socket work.
 */
@Command(name = "homework-chat", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "§10.2 items 1-3: a chat service with login, relay and offline messages kept on disk.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.Load.class})
public final class Launcher {

    final Console console;

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

    /** Opens the service's files in {@code data}: users.txt (lesson06) and messages.log. */
    static ChatService openService(Path data, int iterations, Consumer<String> log) throws Exception {
        return openService(data, iterations, log, true);
    }

    /** {@code durable} false: for tests, the message log skips its forces to disk (see {@link MessageLog#open(Path, boolean)}). */
    static ChatService openService(Path data, int iterations, Consumer<String> log, boolean durable) throws Exception {
        Files.createDirectories(data);
        PasswordStore users = PasswordStore.open(data.resolve("users.txt"), new PasswordHasher(iterations));
        users.problems().forEach(log);
        MessageLog messages = MessageLog.open(data.resolve("messages.log"), durable);
        messages.problems().forEach(log);
        return new ChatService(users, new LoginThrottle(Clock.systemUTC()), messages, Clock.systemUTC(), log);
    }

    @Command(name = "chat-server", mixinStandardHelpOptions = true,
            description = "§10.2 chat service: login, relay, offline messages kept on disk (Ctrl+C stops it).")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Option(names = "--data", defaultValue = "chat-data", description = "folder for users.txt and messages.log (default: ${DEFAULT-VALUE})")
        Path data;

        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS, description = "PBKDF2 iterations for new passwords (default: ${DEFAULT-VALUE})")
        int iterations;

        @Override
        public Integer call() throws Exception {
            Console console = launcher.console;
            TcpServer.Options options = new TcpServer.Options().timeout(Duration.ofMinutes(30));
            ChatService[] service = new ChatService[1]; // set before the first connection is taken
            // Bound first: a busy port is said at once, before the files are opened.
            try (ThreadingTcpServer server = new ThreadingTcpServer(endpoint.address(), () -> new ChatHandler(service[0]), options,
                    console.out::println)) {
                console.out.println("opening " + data + " (users.txt, messages.log)...");
                try (ChatService opened = openService(data, iterations, console.out::println)) {
                    service[0] = opened;
                    console.out.println("listening on " + Endpoint.format(server.address()));
                    server.serveForever();
                }
            }
            return 0;
        }
    }

    @Command(name = "chat-load", mixinStandardHelpOptions = true,
            description = "§10.2 N users send private messages to one another; prints messages/s, delivery latency, lost and duplicated.")
    static final class Load implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Option(names = "--users", defaultValue = "100", description = "users (default: ${DEFAULT-VALUE})")
        int users;

        @Option(names = "--seconds", defaultValue = "5", description = "how long they send (default: ${DEFAULT-VALUE})")
        double seconds;

        @Override
        public Integer call() throws Exception {
            ChatLoad.Result result = new ChatLoad(endpoint.address(), users, seconds).run();
            launcher.console.out.println(result);
            if (result.lost() != 0 || result.duplicated() != 0) {
                launcher.console.err.println("error: " + result.lost() + " messages lost, " + result.duplicated() + " duplicated");
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "chat-client", mixinStandardHelpOptions = true,
            description = "§10.2 chat client: asks for the password (not shown as you type; piped: the first line of input), "
                    + "then @name text, text (to all), /who, /quit or q.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Option(names = "--user", defaultValue = "${sys:user.name}", converter = UserName.Converter.class,
                description = "your user name, lower-cased; letters, digits, _ . - (default: your login name, ${DEFAULT-VALUE})")
        String user;

        @Option(names = "--register", description = "register this user first")
        boolean register;

        @Option(names = "--color", defaultValue = "auto",
                description = "${COMPLETION-CANDIDATES} (any case): auto paints unless NO_COLOR is set or output is not a terminal (default: ${DEFAULT-VALUE})")
        Colors color;

        @Override
        public Integer call() throws Exception {
            boolean colorOn = color.enabled(System.getenv("NO_COLOR"), launcher.console.outIsTerminal());
            return new ChatClient(launcher.console, colorOn).run(endpoint.address(), user, register);
        }
    }
}
