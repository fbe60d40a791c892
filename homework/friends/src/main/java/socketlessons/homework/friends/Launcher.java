package socketlessons.homework.friends;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.basics.cli.NonNegative;
import socketlessons.homework.friends.check.FriendsStages;

/**
 * {@code java -jar homework/friends/target/homework-friends.jar <command>}: the §10.1 homework.
 * It only parses options and calls the classes that do the socket work.
 */
@Command(name = "homework-friends", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = BuildVersion.class,
        description = "§10.1 friends in colour: the notes' unframed JSON client, and a server that knows its friends.")
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

    @Command(name = "friends-server", description = "§10.1 server: shows each friend's messages in their colour, answers from this console.")
    void friendsServer(@Mixin Endpoint endpoint,
            @Option(names = "--friends", paramLabel = "FILE", description = "JSON file of friends:"
                    + " [{\"id\": \"12345\", \"name\": \"alex\", \"color\": \"31\"}, ...] (default: the notes' alex and sia)") Path friendsFile,
            @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN", description = "${COMPLETION-CANDIDATES} (any case): auto paints"
                    + " unless NO_COLOR is set or output is not a terminal (default: ${DEFAULT-VALUE})") Colors color,
            @Option(names = "--conversations", defaultValue = "0", paramLabel = "N", converter = NonNegative.class,
                    description = "stop after this many friends (default: 0, never)") int conversations,
            @Option(names = "--write-timeout", defaultValue = "10", paramLabel = "SECONDS", converter = NonNegative.class,
                    description = "a friend who does not take an answer in this long is cut off (default: ${DEFAULT-VALUE}; 0: never)") int writeTimeout)
            throws Exception {
        FriendBook book = friendsFile == null ? FriendBook.course() : FriendBook.load(friendsFile);
        boolean colorOn = color.enabled(System.getenv("NO_COLOR"), console.outIsTerminal());
        try (FriendsServer server = new FriendsServer(endpoint.host, endpoint.port).writeTimeout(Duration.ofSeconds(writeTimeout))) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            console.out.println("*".repeat(20));
            server.serve(new FriendsChat(book, colorOn, console.in, console.out), conversations, console.out);
        }
    }

    @Command(name = "friends-client", description = "§10.1 client: sends each line as {\"msg\": ..., \"id\": ...}; q quits.")
    void friendsClient(@Mixin Endpoint endpoint, @Option(names = "--id", defaultValue = "12345", paramLabel = "ID",
            description = "your number in the server's friends table (default: ${DEFAULT-VALUE}, alex)") String id) throws Exception {
        new FriendsClient(id, console.in, console.out).talk(endpoint.address());
    }

    @Command(name = "demo", description = "§10.1 narrated: a friend, a stranger, and two messages glued in one read.")
    void demo(@Mixin Endpoint endpoint) throws Exception {
        new FriendsDemo(console.out).run(endpoint.host, endpoint.port);
    }

    @Command(name = "check", description = "check your own §10.1 friends server or client, in any language, stage by stage:"
            + " check server -- python3 friends_server.py")
    int check(@Mixin CheckOptions options) throws Exception {
        return Checker.run(options, FriendsStages.all(), console);
    }
}
