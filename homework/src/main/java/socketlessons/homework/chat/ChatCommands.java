package socketlessons.homework.chat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socketlessons.auth.LoginThrottle;
import socketlessons.auth.PasswordHasher;
import socketlessons.auth.PasswordStore;
import socketlessons.homework.Launcher;
import socketlessons.homework.friends.Colors;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

/** The §10.2 chat commands of the homework launcher. */
public final class ChatCommands {

    private ChatCommands() {
    }

    /** Opens the service's files in {@code data}: users.txt (lesson06) and messages.log. */
    static ChatService openService(Path data, int iterations, java.util.function.Consumer<String> log) throws Exception {
        Files.createDirectories(data);
        PasswordStore users = PasswordStore.open(data.resolve("users.txt"), new PasswordHasher(iterations));
        users.problems().forEach(log);
        MessageLog messages = MessageLog.open(data.resolve("messages.log"));
        messages.problems().forEach(log);
        return new ChatService(users, new LoginThrottle(Clock.systemUTC()), messages, Clock.systemUTC());
    }

    @Command(name = "chat-server", mixinStandardHelpOptions = true,
            description = "§10.2 chat service: login, relay, offline messages kept on disk (Ctrl+C stops it).")
    public static final class Server extends Launcher.Subcommand {
        @Option(names = "--data", defaultValue = "chat-data", description = "folder for users.txt and messages.log (default: ${DEFAULT-VALUE})")
        Path data;

        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS, description = "PBKDF2 iterations for new passwords (default: ${DEFAULT-VALUE})")
        int iterations;

        @Override
        public Integer call() throws Exception {
            ChatService service = openService(data, iterations, console.out::println);
            TcpServer.Options options = new TcpServer.Options().timeout(Duration.ofMinutes(30));
            try (ThreadingTcpServer server = new ThreadingTcpServer(new InetSocketAddress(endpoint.host, endpoint.port),
                    () -> new ChatHandler(service), options, console.out::println)) {
                console.out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
                server.serveForever();
            }
            return 0;
        }
    }

    @Command(name = "chat-load", mixinStandardHelpOptions = true,
            description = "§10.2 N users send private messages to one another; prints messages/s, delivery latency, lost and duplicated.")
    public static final class Load extends Launcher.Subcommand {
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
    public static final class Client extends Launcher.Subcommand {
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
