package socketlessons.sticky;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code java -jar lesson04-sticky-packets.jar <command>}: every program of lesson04. It only
 * parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson04-sticky-packets", mixinStandardHelpOptions = true, version = "socket-lessons lesson04 1.0",
        description = "§6 粘包 sticky packets: the glue, reproduced, and framing that fixes it.",
        subcommands = {Launcher.NaiveServerCommand.class, Launcher.NaiveClientCommand.class,
            Launcher.ServerCommand.class, Launcher.ClientCommand.class,
            Launcher.RelayCommand.class, Launcher.SendFile.class, Launcher.ReceiveFile.class, Launcher.Demo.class})
public final class Launcher {

    final BufferedReader in;
    final PrintWriter out;

    Launcher(InputStream in, PrintStream out) {
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
        cli.registerConverter(ByteOrder.class, Launcher::byteOrder);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            launcher.out.println("error: " + e);
            return 1;
        });
        return cli.execute(args);
    }

    static ByteOrder byteOrder(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "big" -> ByteOrder.BIG_ENDIAN;
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            default -> throw new CommandLine.TypeConversionException("byte order is big or little, not " + name);
        };
    }

    static String[] prepend(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The options every program has. */
    static final class Endpoint {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "9000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;
    }

    /** The frame's byte order, for the programs that speak frames. */
    static final class Order {
        @Option(names = "--byte-order", defaultValue = "big",
                description = "big (network order, Python's '!i') or little (the course's struct.pack('i', n) on x86) (default: ${DEFAULT-VALUE})")
        ByteOrder order;
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();
    }

    @Command(name = "naive-server", mixinStandardHelpOptions = true,
            description = "§6.1 粘包 live: prints each recv(1024) as if it were one message.")
    static final class NaiveServerCommand extends Base {
        @Option(names = "--busy-ms", defaultValue = "200", description = "how long the server is busy before each read (default: ${DEFAULT-VALUE})")
        long busyMillis;

        @Option(names = "--wait-bytes", defaultValue = "0",
                description = "read the first time only once this many bytes wait: the glue every time (default: ${DEFAULT-VALUE}, off)")
        int waitBytes;

        @Override
        public Integer call() throws Exception {
            try (NaiveServer server = new NaiveServer(endpoint.host, endpoint.port)) {
                console.out.println("listening on " + format(server.address()));
                server.serveOne(console.out, busyMillis, waitBytes);
            }
            return 0;
        }
    }

    @Command(name = "naive-client", mixinStandardHelpOptions = true,
            description = "§6.1 sends several messages quickly, each in its own send(), no framing.")
    static final class NaiveClientCommand extends Base {
        @Option(names = "--count", defaultValue = "5", description = "how many messages (default: ${DEFAULT-VALUE})")
        int count;

        @Override
        public Integer call() throws Exception {
            new NaiveClient(console.out).send(endpoint.host, endpoint.port, count);
            return 0;
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§6.2 a framed echo service: each frame comes back as one frame (Ctrl+C stops it).")
    static final class ServerCommand extends Base {
        @CommandLine.Mixin Order order = new Order();

        @Override
        public Integer call() throws Exception {
            LengthPrefixCodec codec = new LengthPrefixCodec(order.order, LengthPrefixCodec.DEFAULT_MAX_FRAME);
            try (FramedEchoServer server = new FramedEchoServer(endpoint.host, endpoint.port, codec, console.out::println)) {
                console.out.println("listening on " + format(server.address()));
                server.serveForever();
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§6.2 sends each line you type as one frame and prints the echo; q quits.")
    static final class ClientCommand extends Base {
        @CommandLine.Mixin Order order = new Order();

        @Override
        public Integer call() throws Exception {
            LengthPrefixCodec codec = new LengthPrefixCodec(order.order, LengthPrefixCodec.DEFAULT_MAX_FRAME);
            return new FramedEchoClient(codec).chat(endpoint.host, endpoint.port, console.in, console.out) ? 0 : 1;
        }
    }

    @Command(name = "relay", mixinStandardHelpOptions = true,
            description = "§6 a relay that cuts the stream into random slices: put it between a client and a server (Ctrl+C stops it).")
    static final class RelayCommand implements Callable<Integer> {
        @ParentCommand Launcher console;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "9001", description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--to", defaultValue = "127.0.0.1:9000", description = "the server, HOST:PORT (default: ${DEFAULT-VALUE})")
        String to;

        @Option(names = "--seed", defaultValue = "1", description = "the same seed draws the same slice sizes and delays (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--max-slice", defaultValue = "3", description = "each write carries 1 to this many bytes (default: ${DEFAULT-VALUE})")
        int maxSlice;

        @Option(names = "--max-delay-us", defaultValue = "2000", description = "each write waits 0 to this many microseconds (default: ${DEFAULT-VALUE})")
        int maxDelayMicros;

        @Option(names = "--connections", defaultValue = "0", description = "stop after this many connections have ended (default: 0, never)")
        int connections;

        @Override
        public Integer call() throws Exception {
            int colon = to.lastIndexOf(':');
            if (colon < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--to is HOST:PORT, not " + to);
            }
            InetSocketAddress upstream = new InetSocketAddress(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)));
            try (ResegmentingRelay relay = new ResegmentingRelay(new InetSocketAddress(host, port), upstream, seed, maxSlice,
                    maxDelayMicros, console.out::println)) {
                console.out.println("listening on " + format(relay.address()));
                console.out.println("forwarding to " + to + " in slices of 1 to " + maxSlice + " bytes, 0 to " + maxDelayMicros
                        + " µs apart (seed " + seed + ")");
                if (connections > 0) {
                    relay.awaitEndedConnections(connections);
                } else {
                    relay.awaitEndedConnections(Integer.MAX_VALUE);
                }
            }
            return 0;
        }
    }

    @Command(name = "send-file", mixinStandardHelpOptions = true,
            description = "§6.2 sends a file with the header pattern: header length, JSON header, body.")
    static final class SendFile extends Base {
        @CommandLine.Mixin Order order = new Order();

        @CommandLine.Parameters(paramLabel = "FILE", description = "the file to send")
        Path file;

        @Override
        public Integer call() throws Exception {
            long size = Files.size(file);
            Progress progress = new Progress(console.out, size, System.console() != null);
            progress.accept(0);
            new FileSender(order.order).send(endpoint.host, endpoint.port, file, progress);
            console.out.println("sent " + file.getFileName() + " (" + size + " bytes)");
            return 0;
        }
    }

    @Command(name = "receive-file", mixinStandardHelpOptions = true,
            description = "§6.2 receives files sent by send-file (or the course's client) into a folder.")
    static final class ReceiveFile extends Base {
        @CommandLine.Mixin Order order = new Order();

        @Option(names = "--dir", defaultValue = ".", description = "where to put the file (default: the current folder)")
        Path folder;

        @Option(names = "--files", defaultValue = "1", description = "stop after this many files have arrived whole (default: ${DEFAULT-VALUE})")
        int files;

        @Override
        public Integer call() throws Exception {
            try (FileReceiver receiver = new FileReceiver(endpoint.host, endpoint.port, folder, order.order, console.out::println)) {
                console.out.println("listening on " + format(receiver.address()));
                receiver.receive(files, header -> {
                    console.out.println("receiving " + socketlessons.basics.PeerText.quote(header.filename()) + " (" + header.filesize() + " bytes)");
                    return new Progress(console.out, header.filesize(), System.console() != null);
                });
            }
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§6 narrated: two sends glued into one read, then the same messages framed.")
    static final class Demo extends Base {
        @Override
        public Integer call() throws Exception {
            new StickyDemo(console.out).run(endpoint.host, endpoint.port);
            return 0;
        }
    }
}
