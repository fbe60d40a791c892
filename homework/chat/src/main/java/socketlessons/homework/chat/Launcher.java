package socketlessons.homework.chat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import socketlessons.auth.LoginThrottle;
import socketlessons.auth.PasswordHasher;
import socketlessons.auth.PasswordStore;
import socketlessons.homework.friends.Colors;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

/**
 * {@code java -jar homework/chat/target/homework-chat.jar <command>}: the §10.2 chat (items 1-3).
 * It only parses options and calls the classes that do the socket work.
 */
@Command(name = "homework-chat", mixinStandardHelpOptions = true, version = "socket-lessons homework-chat 1.0",
        description = "§10.2 items 1-3: a chat service with login, relay and offline messages kept on disk.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.Load.class})
public final class Launcher {

    /** The console every command reads and writes. */
    final BufferedReader in;
    final PrintWriter out;

    private Launcher(InputStream in, PrintStream out) {
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

    static String[] prepend(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** The options every program has. */
    static final class Endpoint {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "9000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;
    }

    /** Base of every subcommand: the console, and the options. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        Launcher console;

        @Mixin
        Endpoint endpoint = new Endpoint();
    }

    /** Opens the service's files in {@code data}: users.txt (lesson06) and messages.log. */
    static ChatService openService(Path data, int iterations, java.util.function.Consumer<String> log) throws Exception {
        Files.createDirectories(data);
        PasswordStore users = PasswordStore.open(data.resolve("users.txt"), new PasswordHasher(iterations));
        users.problems().forEach(log);
        MessageLog messages = MessageLog.open(data.resolve("messages.log"));
        messages.problems().forEach(log);
        return new ChatService(users, new LoginThrottle(Clock.systemUTC()), messages, Clock.systemUTC(), log);
    }

    @Command(name = "chat-server", mixinStandardHelpOptions = true,
            description = "§10.2 chat service: login, relay, offline messages kept on disk (Ctrl+C stops it).")
    public static final class Server extends Subcommand {
        @Option(names = "--data", defaultValue = "chat-data", description = "folder for users.txt and messages.log (default: ${DEFAULT-VALUE})")
        Path data;

        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS, description = "PBKDF2 iterations for new passwords (default: ${DEFAULT-VALUE})")
        int iterations;

        @Override
        public Integer call() throws Exception {
            TcpServer.Options options = new TcpServer.Options().timeout(Duration.ofMinutes(30));
            try (ChatService service = openService(data, iterations, console.out::println);
                 ThreadingTcpServer server = new ThreadingTcpServer(new InetSocketAddress(endpoint.host, endpoint.port),
                    () -> new ChatHandler(service), options, console.out::println)) {
                console.out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
                server.serveForever();
            }
            return 0;
        }
    }

    @Command(name = "chat-load", mixinStandardHelpOptions = true,
            description = "§10.2 N users send private messages to one another; prints messages/s, delivery latency, lost and duplicated.")
    public static final class Load extends Subcommand {
        @Option(names = "--users", defaultValue = "100", description = "users (default: ${DEFAULT-VALUE})")
        int users;

        @Option(names = "--seconds", defaultValue = "5", description = "how long they send (default: ${DEFAULT-VALUE})")
        double seconds;

        @Override
        public Integer call() throws Exception {
            ChatLoad.Result result = new ChatLoad(new InetSocketAddress(endpoint.host, endpoint.port), users, seconds).run();
            console.out.println(result);
            return result.lost() == 0 && result.duplicated() == 0 ? 0 : 1;
        }
    }

    @Command(name = "chat-client", mixinStandardHelpOptions = true,
            description = "§10.2 chat client: the password is the first line of input; then @name text, text (to all), /who, /quit or q.")
    public static final class Client extends Subcommand {
        @Option(names = "--user", defaultValue = "${sys:user.name}", description = "your user name (default: your login name, ${DEFAULT-VALUE})")
        String user;

        @Option(names = "--register", description = "register this user first")
        boolean register;

        @Option(names = "--color", defaultValue = "auto", description = "always, never or auto (default: ${DEFAULT-VALUE})")
        String color;

        @Override
        public Integer call() throws Exception {
            String password = console.in.readLine();
            if (password == null) {
                console.out.println("no password given");
                return 1;
            }
            boolean colorOn = Colors.valueOf(color.toUpperCase(Locale.ROOT)).enabled(System.getenv("NO_COLOR"), System.console() != null);
            return new ChatClient(console.in, console.out, colorOn)
                    .run(new InetSocketAddress(endpoint.host, endpoint.port), user, password, register);
        }
    }
}
