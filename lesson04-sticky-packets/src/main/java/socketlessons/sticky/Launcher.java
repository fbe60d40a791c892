package socketlessons.sticky;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.PeerText;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.basics.cli.HostPort;
import socketlessons.basics.cli.PortConverter;
import socketlessons.sticky.check.FramedEchoStages;

/**
 * {@code java -jar lesson04-sticky-packets.jar <command>}: every program of lesson04, one method
 * each. It only parses options and calls the lesson's classes, which do the socket work.
 */
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

    /** The length's byte order on the wire. */
    enum WireOrder {
        BIG(ByteOrder.BIG_ENDIAN), LITTLE(ByteOrder.LITTLE_ENDIAN);

        final ByteOrder order;

        WireOrder(ByteOrder order) {
            this.order = order;
        }
    }

    /** The frame's byte order, for the programs that speak frames (a picocli mixin). */
    static final class Order {
        @Option(names = "--byte-order", defaultValue = "big", description = "${COMPLETION-CANDIDATES} (any case): big is network"
                + " order, Python's '!i'; little is the course's struct.pack('i', n) on x86 (default: ${DEFAULT-VALUE})")
        WireOrder wire;

        ByteOrder order() {
            return wire.order;
        }

        LengthPrefixCodec codec() {
            return new LengthPrefixCodec(order(), LengthPrefixCodec.DEFAULT_MAX_FRAME);
        }
    }

    @Command(name = "naive-server", description = "§6.1 粘包 live: prints each recv(1024) as if it were one message.")
    int naiveServer(@Mixin Endpoint endpoint,
            @Option(names = "--busy-ms", defaultValue = "200", description = "how long the server is busy before each read (default: ${DEFAULT-VALUE})") long busyMillis,
            @Option(names = "--wait-bytes", defaultValue = "0", description = "read the first time only once this many bytes wait:"
                    + " the glue every time (default: ${DEFAULT-VALUE}, off)") int waitBytes) throws Exception {
        try (NaiveServer server = new NaiveServer(endpoint.host, endpoint.port)) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            server.serveOne(console.out, busyMillis, waitBytes);
        }
        return 0;
    }

    @Command(name = "naive-client", description = "§6.1 sends several messages quickly, each in its own send(), no framing.")
    int naiveClient(@Mixin Endpoint endpoint,
            @Option(names = "--count", defaultValue = "5", description = "how many messages (default: ${DEFAULT-VALUE})") int count) throws Exception {
        new NaiveClient(console.out).send(endpoint.host, endpoint.port, count);
        return 0;
    }

    @Command(name = "server", description = "§6.2 a framed echo service: each frame comes back as one frame (Ctrl+C stops it).")
    int server(@Mixin Endpoint endpoint, @Mixin Order order) throws Exception {
        try (FramedEchoServer server = new FramedEchoServer(endpoint.host, endpoint.port, order.codec(), console.out::println)) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            server.serveForever();
        }
        return 0;
    }

    @Command(name = "client", description = "§6.2 sends each line you type as one frame and prints the echo; q quits.")
    int client(@Mixin Endpoint endpoint, @Mixin Order order) throws Exception {
        new FramedEchoClient(order.codec()).chat(endpoint.host, endpoint.port, console.in, console.out);
        return 0;
    }

    @Command(name = "relay", description = "§6 a relay that cuts the stream into random slices: put it between a client and a server (Ctrl+C stops it).")
    int relay(@Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})") String host,
            @Option(names = "--port", defaultValue = "9001", converter = PortConverter.class,
                    description = "port to listen on, 0 to 65535; 0 picks a free one (default: ${DEFAULT-VALUE})") int port,
            @Option(names = "--to", defaultValue = "127.0.0.1:9000", converter = HostPort.Converter.class,
                    description = "the server, HOST:PORT (default: ${DEFAULT-VALUE})") HostPort to,
            @Option(names = "--seed", defaultValue = "1", description = "the same seed draws the same slice sizes and delays (default: ${DEFAULT-VALUE})") long seed,
            @Option(names = "--max-slice", defaultValue = "3", description = "each write carries 1 to this many bytes (default: ${DEFAULT-VALUE})") int maxSlice,
            @Option(names = "--max-delay-us", defaultValue = "2000", description = "each write waits 0 to this many microseconds (default: ${DEFAULT-VALUE})") int maxDelayMicros,
            @Option(names = "--connections", defaultValue = "0", description = "stop after this many connections have ended (default: 0, never)") int connections)
            throws Exception {
        try (ResegmentingRelay relay = new ResegmentingRelay(new InetSocketAddress(host, port), to.address(), seed, maxSlice,
                maxDelayMicros, console.out::println)) {
            console.out.println("listening on " + Endpoint.format(relay.address()));
            console.out.println("forwarding to " + to + " in slices of 1 to " + maxSlice + " bytes, 0 to " + maxDelayMicros
                    + " µs apart (seed " + seed + ")");
            relay.awaitEndedConnections(connections > 0 ? connections : Integer.MAX_VALUE);
        }
        return 0;
    }

    @Command(name = "send-file", description = "§6.2 sends a file with the header pattern: header length, JSON header, body.")
    int sendFile(@Mixin Endpoint endpoint, @Mixin Order order,
            @Parameters(paramLabel = "FILE", description = "the file to send") Path file) throws Exception {
        long size = Files.size(file); // a missing file fails here, before we connect
        Progress progress = new Progress(console.out, size, console.outIsTerminal());
        progress.accept(0);
        new FileSender(order.order()).send(endpoint.host, endpoint.port, file, progress);
        console.out.println("sent " + file.getFileName() + " (" + size + " bytes)");
        return 0;
    }

    @Command(name = "receive-file", description = "§6.2 receives files sent by send-file (or the course's client) into a folder.")
    int receiveFile(@Mixin Endpoint endpoint, @Mixin Order order,
            @Option(names = "--dir", defaultValue = ".", description = "where to put the file (default: the current folder)") Path folder,
            @Option(names = "--files", defaultValue = "1", description = "stop after this many files have arrived whole (default: ${DEFAULT-VALUE})") int files)
            throws Exception {
        try (FileReceiver receiver = new FileReceiver(endpoint.host, endpoint.port, folder, order.order(), console.out::println)) {
            console.out.println("listening on " + Endpoint.format(receiver.address()));
            receiver.receive(files, header -> {
                console.out.println("receiving " + PeerText.quote(header.filename()) + " (" + header.filesize() + " bytes)");
                return new Progress(console.out, header.filesize(), console.outIsTerminal());
            });
        }
        return 0;
    }

    @Command(name = "demo", description = "§6 narrated: two sends glued into one read, then the same messages framed.")
    int demo(@Mixin Endpoint endpoint) throws Exception {
        new StickyDemo(console.out).run(endpoint.host, endpoint.port);
        return 0;
    }

    @Command(name = "check", description = "check your own §6.2 framed echo server, in any language, stage by stage:"
            + " check server -- python3 framed_server.py")
    int check(@Mixin CheckOptions options, @Mixin Order order) throws Exception {
        return Checker.run(options, FramedEchoStages.all(order.order()), console);
    }
}
