package socketlessons.socketserver;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code java -jar lesson07-socketserver.jar <command>}: every program of lesson07. It only
 * parses options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson07-socketserver", mixinStandardHelpOptions = true, version = "socket-lessons lesson07 1.0",
        description = "§9 socketserver: Python's server framework in Java, many clients at once.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.UdpServerCommand.class,
            Launcher.UdpClient.class, Launcher.Demo.class})
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
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            launcher.out.println("error: " + e);
            return 1;
        });
        return cli.execute(args);
    }

    static String[] prepend(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** The options every program has. */
    static final class Endpoint {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "9000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;

        InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§9 the classroom's uppercase echo on ThreadingTcpServer (Ctrl+C stops it).")
    static final class Server extends Base {
        @Option(names = "--pool", defaultValue = "0", description = "serve at most this many clients at once (a bounded pool); 0: a thread per client (default: ${DEFAULT-VALUE})")
        int pool;

        @Option(names = "--queue", defaultValue = "10", description = "with --pool: how many more clients may wait for a thread (default: ${DEFAULT-VALUE})")
        int queue;

        @Option(names = "--one-at-a-time", description = "use TcpServer: one client at a time, as lesson02")
        boolean oneAtATime;

        @Option(names = "--timeout", defaultValue = "300", description = "seconds a client may stay silent before it is cut off; 0: forever (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            TcpServer.Options options = new TcpServer.Options().timeout(Duration.ofSeconds(timeoutSeconds));
            try (TcpServer server = oneAtATime
                    ? new TcpServer(endpoint.address(), UpperEchoHandler::new, options, console.out::println)
                    : pool > 0
                    ? new PooledTcpServer(endpoint.address(), UpperEchoHandler::new, pool, queue, options, console.out::println)
                    : new ThreadingTcpServer(endpoint.address(), UpperEchoHandler::new, options, console.out::println)) {
                console.out.println("listening on " + BaseServer.format(server.address()));
                server.serveForever();
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§9 sends each line you type; prints the server's answer; q quits.")
    static final class Client extends Base {
        @Override
        public Integer call() throws Exception {
            try (Socket sk = new Socket()) {
                sk.connect(endpoint.address(), 5_000);
                BufferedReader answers = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = sk.getOutputStream();
                String line;
                while ((line = console.in.readLine()) != null && !line.equalsIgnoreCase("q")) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String answer = answers.readLine();
                    if (answer == null) {
                        console.out.println("the server closed the connection");
                        return 1;
                    }
                    console.out.println(answer);
                }
            }
            return 0;
        }
    }

    @Command(name = "udp-server", mixinStandardHelpOptions = true,
            description = "§9 the uppercase echo on UdpServer: each datagram is a request (Ctrl+C stops it).")
    static final class UdpServerCommand extends Base {
        @Override
        public Integer call() throws Exception {
            try (UdpServer server = new UdpServer(endpoint.address(), UpperUdpHandler::new, console.out::println)) {
                console.out.println("listening on " + BaseServer.format(server.address()));
                server.serveForever();
            }
            return 0;
        }
    }

    @Command(name = "udp-client", mixinStandardHelpOptions = true,
            description = "§9 sends each line you type as a datagram; prints the answer; q quits.")
    static final class UdpClient extends Base {
        @Override
        public Integer call() throws Exception {
            try (DatagramSocket sk = new DatagramSocket()) {
                sk.setSoTimeout(2_000); // a datagram may be lost: never wait forever
                String line;
                while ((line = console.in.readLine()) != null && !line.equalsIgnoreCase("q")) {
                    byte[] data = line.getBytes(StandardCharsets.UTF_8);
                    sk.send(new DatagramPacket(data, data.length, endpoint.address()));
                    DatagramPacket answer = new DatagramPacket(new byte[UdpServer.MAX_PACKET_SIZE], UdpServer.MAX_PACKET_SIZE);
                    try {
                        sk.receive(answer);
                        console.out.println(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8));
                    } catch (SocketTimeoutException e) {
                        console.out.println("no answer within 2 s (is the udp-server running?)");
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§9 narrated: three clients served at once by ThreadingTcpServer, then shutdown.")
    static final class Demo extends Base {
        @Override
        public Integer call() throws Exception {
            new SocketServerDemo(console.out).run(endpoint.address());
            return 0;
        }
    }
}
