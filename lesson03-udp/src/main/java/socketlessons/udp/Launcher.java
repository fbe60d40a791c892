package socketlessons.udp;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.basics.cli.HostPort;

/**
 * {@code java -jar lesson03-udp.jar <command>}: every program of lesson03. It only parses
 * options and calls the lesson's classes, which do the socket work; lesson01's kit reports
 * errors (one line on stderr; exit 0 done, 1 failed, 2 bad usage).
 */
@Command(name = "lesson03-udp", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "§5 UDP: datagrams, no connection, and the WinError 10054 of the notes.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.Relay.class, Launcher.Demo.class})
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

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§5.1 UDP chat server: shows each datagram and its sender, answers the sender from this console.")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            try (UdpChatServer server = new UdpChatServer(endpoint.host, endpoint.port)) {
                launcher.console.out.println("listening on " + Endpoint.format(server.address()));
                server.serve(launcher.console.in, launcher.console.out, 0);
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§5.1 UDP chat client: each line is a numbered datagram; answers are matched to their message; waits with a timeout; q quits.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Spec CommandSpec spec;
        @Mixin Endpoint endpoint;

        @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for each answer; 0 waits forever (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = "--course-wire", description = "send bare text, as the course's client.py does, instead of numbered messages")
        boolean courseWire;

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds < 0) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--timeout': " + timeoutSeconds + " is below 0");
            }
            new UdpChatClient(endpoint.address(), Duration.ofSeconds(timeoutSeconds), courseWire)
                    .talk(launcher.console.in, launcher.console.out);
            return 0;
        }
    }

    @Command(name = "relay", mixinStandardHelpOptions = true,
            description = "§5 a bad network on purpose: relays datagrams to --to, dropping and swapping some (seeded); point a client at it. q or the end of input stops it.")
    static final class Relay implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Spec CommandSpec spec;
        @Mixin Endpoint endpoint;

        @Option(names = "--to", defaultValue = "127.0.0.1:9000", converter = HostPort.Converter.class,
                description = "the server, HOST:PORT (default: ${DEFAULT-VALUE})")
        HostPort to;

        @Option(names = "--drop", defaultValue = "0.3", description = "share of datagrams dropped, 0 to 1 (default: ${DEFAULT-VALUE})")
        double drop;

        @Option(names = "--swap", defaultValue = "0.1", description = "share held back and sent after the next one, 0 to 1 (default: ${DEFAULT-VALUE})")
        double swap;

        @Option(names = "--seed", defaultValue = "1", description = "the random choices' seed: the same seed, the same losses (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception {
            if (drop < 0 || swap < 0 || drop + swap > 1) {
                throw new ParameterException(spec.commandLine(), "--drop and --swap are shares from 0 to 1, together at most 1");
            }
            Console console = launcher.console;
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
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§5 narrated: three clients and one server socket, at once.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            new UdpDemo(launcher.console.out).run(endpoint.host, endpoint.port);
            return 0;
        }
    }
}
