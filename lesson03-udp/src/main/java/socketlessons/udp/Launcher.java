package socketlessons.udp;

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
import socketlessons.basics.cli.HostPort;
import socketlessons.basics.cli.NonNegative;
import socketlessons.udp.check.UdpChatStages;

/**
 * {@code java -jar lesson03-udp.jar <command>}: every program of lesson03, one method each. It
 * only parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson03-udp", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = BuildVersion.class,
        description = "§5 UDP: datagrams, no connection, and the WinError 10054 of the notes.")
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

    @Command(name = "server", description = "§5.1 UDP chat server: shows each datagram and its sender, answers the sender from this console.")
    int server(@Mixin Endpoint endpoint) throws Exception {
        try (UdpChatServer server = new UdpChatServer(endpoint.host, endpoint.port)) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            server.serve(console.in, console.out, 0);
        }
        return 0;
    }

    @Command(name = "client", description = "§5.1 UDP chat client: each line is a numbered datagram; answers are matched to their message; waits with a timeout; q quits.")
    int client(@Mixin Endpoint endpoint,
            @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", converter = NonNegative.class,
                    description = "seconds to wait for each answer; 0 waits forever (default: ${DEFAULT-VALUE})") int timeoutSeconds,
            @Option(names = "--course-wire", description = "send bare text, as the course's client.py does, instead of numbered messages")
            boolean courseWire) throws Exception {
        new UdpChatClient(endpoint.address(), Duration.ofSeconds(timeoutSeconds), courseWire).talk(console.in, console.out);
        return 0;
    }

    @Command(name = "relay", description = "§5 a bad network on purpose: relays datagrams to --to, dropping and swapping some (seeded);"
            + " point a client at it. q or the end of input stops it.")
    int relay(@Mixin Endpoint endpoint,
            @Option(names = "--to", defaultValue = "127.0.0.1:9000", converter = HostPort.Converter.class, paramLabel = "HOST:PORT",
                    description = "the server (default: ${DEFAULT-VALUE})") HostPort to,
            @Option(names = "--drop", defaultValue = "0.3", paramLabel = "SHARE", description = "share of datagrams dropped, 0 to 1 (default: ${DEFAULT-VALUE})") double drop,
            @Option(names = "--swap", defaultValue = "0.1", paramLabel = "SHARE", description = "share held back and sent after the next one, 0 to 1 (default: ${DEFAULT-VALUE})") double swap,
            @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "the random choices' seed: the same seed, the same losses (default: ${DEFAULT-VALUE})") long seed)
            throws Exception {
        if (drop < 0 || swap < 0 || drop + swap > 1) {
            throw new Cli.UsageError("--drop and --swap are shares from 0 to 1, together at most 1");
        }
        try (LossyRelay relay = new LossyRelay(endpoint.address(), to.address(), seed, drop, swap, console.out::println)) {
            console.out.println("listening on " + Endpoint.format(relay.address()) + ", relaying to " + to
                    + ": dropping " + Math.round(drop * 100) + "%, swapping " + Math.round(swap * 100) + "% (seed " + seed + ")");
            String line;
            do {
                line = console.in.readLine();
            } while (line != null && !line.equalsIgnoreCase("q")); // the relay works on its own thread meanwhile
        }
        return 0;
    }

    @Command(name = "demo", description = "§5 narrated: three clients and one server socket, at once.")
    int demo(@Mixin Endpoint endpoint) throws Exception {
        new UdpDemo(console.out).run(endpoint.host, endpoint.port);
        return 0;
    }

    @Command(name = "check", description = "check your own §5 UDP server or client, in any language, stage by stage: check server -- python3 udp_server.py, check client -- python3 udp_client.py")
    int check(@Mixin CheckOptions options) throws Exception {
        return Checker.run(options, UdpChatStages.all(), console);
    }
}
