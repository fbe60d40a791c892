package socketlessons.tcpchat;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import socketlessons.basics.Connector;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;

/**
 * {@code java -jar lesson02-tcp-chat.jar <command>}: every program of lesson02. It only
 * parses options and calls the lesson's classes, which do the socket work; lesson01's kit
 * reports errors (one line on stderr; exit 0 done, 1 failed, 2 bad usage).
 */
@Command(name = "lesson02-tcp-chat", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "§4 the console chat: half-duplex, q quits, one client at a time.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.Demo.class})
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

    /** What a message is on the wire: our lines, or the course's bare text. */
    static final class WireChoice {
        @Option(names = "--course-wire", description = "speak the course's wire (bare text, one recv(1024) = one message) to talk to its Python programs")
        boolean courseWire;

        Wire.Format format() {
            return courseWire ? Wire.Format.COURSE : Wire.Format.LINES;
        }
    }

    private static int atLeastZero(CommandSpec spec, String option, int value) {
        if (value < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value + " is below 0");
        }
        return value;
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§4.3 chat server: one client at a time; you answer each message; q ends a conversation.")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Spec CommandSpec spec;
        @Mixin Endpoint endpoint;
        @Mixin WireChoice wire;

        @Option(names = "--timeout", defaultValue = "0", description = "seconds a client has to send each whole message, and to take each answer, before the server hangs up on it; 0 waits forever, as the course does (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = "--conversations", defaultValue = "0", description = "stop after this many clients (default: 0, never)")
        int conversations;

        @Override
        public Integer call() throws Exception {
            Duration timeout = Duration.ofSeconds(atLeastZero(spec, "--timeout", timeoutSeconds));
            atLeastZero(spec, "--conversations", conversations);
            Console console = launcher.console;
            try (ChatServer server = new ChatServer(endpoint.host, endpoint.port, ChatServer.Timeouts.of(timeout), wire.format())) {
                console.out.println("listening on " + Endpoint.format(server.address()));
                console.out.println("*".repeat(20));
                server.serve(new ChatSession(console.in, console.out), conversations, console.out);
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§4.2 chat client: you speak first; q quits.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Spec CommandSpec spec;
        @Mixin Endpoint endpoint;
        @Mixin WireChoice wire;

        @Option(names = "--retry", description = "wait for a server that is not up yet, retrying with back-off for up to this many seconds (default: no retry)")
        int retrySeconds;

        @Override
        public Integer call() throws Exception {
            atLeastZero(spec, "--retry", retrySeconds);
            Console console = launcher.console;
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
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§4.3 narrated: client B waits until client A quits.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            new ChatDemo(launcher.console.out).run(endpoint.host, endpoint.port);
            return 0;
        }
    }
}
