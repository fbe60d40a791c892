package socketlessons.tcpchat;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.Connector;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.basics.cli.NonNegative;
import socketlessons.tcpchat.check.ChatStages;

/**
 * {@code java -jar lesson02-tcp-chat.jar <command>}: every program of lesson02, one method each.
 * It only parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson02-tcp-chat", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = BuildVersion.class, description = "§4 the console chat: half-duplex, q quits, one client at a time.")
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

    /** What a message is on the wire: our lines, or the course's bare text. */
    static final class WireChoice {
        @Option(names = "--course-wire", description = "speak the course's wire (bare text, one recv(1024) = one message) to talk to its Python programs")
        boolean courseWire;

        Wire.Format format() {
            return courseWire ? Wire.Format.COURSE : Wire.Format.LINES;
        }
    }

    @Command(name = "server", description = "§4.3 chat server: one client at a time; you answer each message; q ends a conversation.")
    int server(@Mixin Endpoint endpoint, @Mixin WireChoice wire,
            @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS", converter = NonNegative.class,
                    description = "seconds a client has to send each whole message, and to take each answer, before the server"
                            + " hangs up on it; 0 waits forever, as the course does (default: ${DEFAULT-VALUE})") int timeoutSeconds,
            @Option(names = "--conversations", defaultValue = "0", paramLabel = "N", converter = NonNegative.class,
                    description = "stop after this many clients (default: 0, never)") int conversations) throws Exception {
        ChatServer.Timeouts timeouts = ChatServer.Timeouts.of(Duration.ofSeconds(timeoutSeconds));
        try (ChatServer server = new ChatServer(endpoint.host, endpoint.port, timeouts, wire.format())) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            console.out.println("*".repeat(20));
            server.serve(new ChatSession(console.in, console.out), conversations, console.out);
        }
        return 0;
    }

    @Command(name = "client", description = "§4.2 chat client: you speak first; q quits.")
    int client(@Mixin Endpoint endpoint, @Mixin WireChoice wire,
            @Option(names = "--retry", defaultValue = "0", paramLabel = "SECONDS", converter = NonNegative.class,
                    description = "wait for a server that is not up yet, retrying with back-off for up to this many seconds"
                            + " (default: no retry)") int retrySeconds) throws Exception {
        ChatSession session = new ChatSession(console.in, console.out);
        ChatSession.Ending ending = retrySeconds > 0
                ? ChatClient.talk(new Connector(Duration.ofSeconds(retrySeconds), console.out::println),
                        endpoint.host, endpoint.port, wire.format(), session)
                : ChatClient.talk(endpoint.host, endpoint.port, wire.format(), session);
        console.out.println();
        if (ending.isNormal()) {
            console.out.println("conversation ended: " + ending);
            return 0;
        }
        console.err.println("conversation ended: " + ending); // the server went away, or broke the protocol
        return 1;
    }

    @Command(name = "demo", description = "§4.3 narrated: client B waits until client A quits.")
    int demo(@Mixin Endpoint endpoint) throws Exception {
        new ChatDemo(console.out).run(endpoint.host, endpoint.port);
        return 0;
    }

    @Command(name = "check", description = "check your own §4 chat server or client, in any language, stage by stage: check server -- python3 chat_server.py, check client -- python3 chat_client.py")
    int check(@Mixin CheckOptions options, @Mixin WireChoice wire) throws Exception {
        return Checker.run(options, ChatStages.all(wire.courseWire), console);
    }
}
