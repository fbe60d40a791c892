package socketlessons.socketserver;

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
import socketlessons.socketserver.check.UpperEchoStages;

/**
 * {@code java -jar lesson07-socketserver.jar <command>}: every program of lesson07, one method
 * each. It only parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson07-socketserver", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = BuildVersion.class, description = "§9 socketserver: Python's server framework in Java, many clients at once.")
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

    @Command(name = "server", description = "§9 the classroom's uppercase echo on ThreadingTcpServer: a thread per client.")
    int server(@Mixin Endpoint endpoint,
            @Option(names = "--one-at-a-time", description = "TcpServer instead: one client at a time, as lesson02") boolean oneAtATime,
            @Option(names = "--pool", defaultValue = "0", paramLabel = "N", converter = NonNegative.class,
                    description = "PooledTcpServer instead: serve at most N clients at once; 0: a thread per client (default: ${DEFAULT-VALUE})") int pool,
            @Option(names = "--queue", defaultValue = "10", paramLabel = "N", converter = NonNegative.class,
                    description = "with --pool: how many more clients may wait for a thread (default: ${DEFAULT-VALUE})") int queue,
            @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", converter = NonNegative.class,
                    description = "a client silent this long, or leaving an answer unread this long, is cut off; 0: never (default: ${DEFAULT-VALUE})")
            int timeoutSeconds) throws Exception {
        TcpServer.Options options = new TcpServer.Options().timeout(Duration.ofSeconds(timeoutSeconds));
        try (TcpServer server = oneAtATime ? new TcpServer(endpoint.address(), UpperEchoHandler::new, options, console.out::println)
                : pool > 0 ? new PooledTcpServer(endpoint.address(), UpperEchoHandler::new, pool, queue, options, console.out::println)
                : new ThreadingTcpServer(endpoint.address(), UpperEchoHandler::new, options, console.out::println)) {
            UntilCtrlC.serve(server, console.out::println, oneAtATime ? "TcpServer: one client at a time" : pool > 0
                    ? "PooledTcpServer: at most " + pool + " clients at once, " + queue + " more may wait" : "ThreadingTcpServer: a thread per client");
        }
        return 0;
    }

    @Command(name = "client", description = "§9 sends each line you type; prints the server's answers; q (or the end of input) quits.")
    int client(@Mixin Endpoint endpoint) throws Exception {
        new UpperClient(console.in, console.out).talk(endpoint.address());
        return 0;
    }

    @Command(name = "udp-server", description = "§9 the uppercase echo on UdpServer: each datagram is a request.")
    int udpServer(@Mixin Endpoint endpoint) throws Exception {
        try (UdpServer server = new UdpServer(endpoint.address(), UpperUdpHandler::new, console.out::println)) {
            UntilCtrlC.serve(server, console.out::println, "UdpServer: each datagram is a request");
        }
        return 0;
    }

    @Command(name = "udp-client", description = "§9 sends each line you type as a datagram; prints the answer; q quits.")
    int udpClient(@Mixin Endpoint endpoint) throws Exception {
        new UpperUdpClient(console.in, console.out).talk(endpoint.address());
        return 0;
    }

    @Command(name = "demo", description = "§9 narrated: one client at a time, a thread per client and close, a bounded pool.")
    int demo(@Mixin Endpoint endpoint) throws Exception {
        new SocketServerDemo(console.out).run(endpoint.address());
        return 0;
    }

    @Command(name = "check", description = "check your own §9 server or client, in any language, stage by stage: check server -- python3 upper_server.py, check client -- python3 upper_client.py")
    int check(@Mixin CheckOptions options) throws Exception {
        return Checker.run(options, UpperEchoStages.all(), console);
    }
}
