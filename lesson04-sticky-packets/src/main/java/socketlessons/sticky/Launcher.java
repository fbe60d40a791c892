package socketlessons.sticky;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.sticky.check.FramedEchoStages;

/** {@code java -jar lesson04-sticky-packets.jar <command>}: every program of lesson04, one method each; the lesson's classes do the socket work. */
@Command(name = "lesson04-sticky-packets", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = BuildVersion.class, description = "§6 粘包 sticky packets: the glue, reproduced, and framing that fixes it.")
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

    @Command(name = "naive-server", description = "§6.1 粘包 live: prints each recv(1024) as if it were one message.")
    void naiveServer(@Mixin Endpoint endpoint,
            @Option(names = "--busy-ms", defaultValue = "200", paramLabel = "MS", description = "how long the server is busy before each read (default: ${DEFAULT-VALUE})") long busyMillis,
            @Option(names = "--wait-bytes", defaultValue = "0", paramLabel = "BYTES", description = "read the first time only once this many bytes wait:"
                    + " the glue every time (default: ${DEFAULT-VALUE}, off)") int waitBytes) throws Exception {
        try (NaiveServer server = new NaiveServer(endpoint.host, endpoint.port)) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            server.serveOne(console.out, busyMillis, waitBytes);
        }
    }

    @Command(name = "naive-client", description = "§6.1 sends several messages quickly, each in its own send(), no framing.")
    void naiveClient(@Mixin Endpoint endpoint,
            @Option(names = "--count", defaultValue = "5", paramLabel = "N", description = "how many messages (default: ${DEFAULT-VALUE})") int count) throws Exception {
        new NaiveClient(console.out).send(endpoint.host, endpoint.port, count);
    }

    @Command(name = "server", description = "§6.2 a framed echo service: each frame comes back as one frame (Ctrl+C stops it).")
    void server(@Mixin Endpoint endpoint, @Mixin FrameOrder order) throws Exception {
        try (FramedEchoServer server = new FramedEchoServer(endpoint.host, endpoint.port, order.codec(), console.out::println)) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            server.serveForever();
        }
    }

    @Command(name = "client", description = "§6.2 sends each line you type as one frame and prints the echo; q quits.")
    void client(@Mixin Endpoint endpoint, @Mixin FrameOrder order) throws Exception {
        new FramedEchoClient(order.codec()).chat(endpoint.host, endpoint.port, console.in, console.out);
    }

    @Command(name = "relay", description = "§6 a relay that cuts the stream into random slices: put it between a client and a server (Ctrl+C stops it).")
    void relay(@Mixin RelayOptions options) throws Exception {
        options.run(console.out::println);
    }

    @Command(name = "send-file", description = "§6.2 sends a file with the header pattern: header length, JSON header, body.")
    void sendFile(@Mixin Endpoint endpoint, @Mixin FrameOrder order,
            @Parameters(paramLabel = "FILE", description = "the file to send") Path file) throws Exception {
        new FileSender(order.order()).sendShowingProgress(endpoint.host, endpoint.port, file, console.out, console.outIsTerminal());
    }

    @Command(name = "receive-file", description = "§6.2 receives files sent by send-file (or the course's client) into a folder.")
    void receiveFile(@Mixin Endpoint endpoint, @Mixin FrameOrder order,
            @Option(names = "--dir", defaultValue = ".", paramLabel = "FOLDER", description = "where to put the file (default: the current folder)") Path folder,
            @Option(names = "--files", defaultValue = "1", paramLabel = "N", description = "stop after this many files have arrived whole (default: ${DEFAULT-VALUE})") int files)
            throws Exception {
        try (FileReceiver receiver = new FileReceiver(endpoint.host, endpoint.port, folder, order.order(), console.out::println)) {
            console.out.println("listening on " + Endpoint.format(receiver.address()));
            receiver.receive(files, console.out, console.outIsTerminal());
        }
    }

    @Command(name = "demo", description = "§6 narrated: two sends glued into one read, then the same messages framed.")
    void demo(@Mixin Endpoint endpoint) throws Exception {
        new StickyDemo(console.out).run(endpoint.host, endpoint.port);
    }

    @Command(name = "check", description = "check your own §6.2 framed echo server or client, in any language, stage by stage: check server -- python3 framed_server.py, check client -- python3 framed_client.py")
    int check(@Mixin CheckOptions options, @Mixin FrameOrder order) throws Exception {
        return Checker.run(options, FramedEchoStages.serverAndClient(order.order()), console);
    }
}
