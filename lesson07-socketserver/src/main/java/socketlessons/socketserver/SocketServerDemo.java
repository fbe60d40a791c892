package socketlessons.socketserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import socketlessons.basics.cli.Cli;

/**
 * §9 narrated, in a fixed order: the one-at-a-time server makes B wait for A; the threading
 * server serves A, B and C at once, and {@code closeGracefully} closes them; the bounded pool
 * queues one client and tells the next the server is busy.
 */
public final class SocketServerDemo {

    /** How long B waits for an answer from the one-at-a-time server before the demo says it got none. */
    static final int NO_ANSWER_MILLIS = 300;

    private final PrintWriter out;

    public SocketServerDemo(PrintWriter out) {
        this.out = out;
    }

    /** A line-speaking client of the demo, named A, B, C... */
    private static final class Client implements AutoCloseable {
        final String name;
        final Socket socket = new Socket();
        final BufferedReader in;

        Client(String name, InetSocketAddress server) throws IOException {
            this.name = name;
            socket.connect(server, UpperClient.CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    public void run(InetSocketAddress address) throws Exception {
        oneAtATime(address);
        out.println();
        threadPerClient(address);
        out.println();
        boundedPool(address);
    }

    private void oneAtATime(InetSocketAddress address) throws Exception {
        List<String> log = new ArrayList<>();
        try (TcpServer server = new TcpServer(address, UpperLineHandler::new, new TcpServer.Options(), log::add)) {
            out.println("1. TcpServer on " + BaseServer.format(server.address()) + ": one client at a time (Python's TCPServer)");
            Thread loop = serveInBackground(server);
            try (Client a = new Client("A", server.address()); Client b = new Client("B", server.address())) {
                a.send("hello from A");
                out.println("[A] sent \"hello from A\", got \"" + a.in.readLine() + "\"");
                b.send("hello from B");
                out.println("[B] connected (the kernel did the handshake) and sent \"hello from B\"");
                b.socket.setSoTimeout(NO_ANSWER_MILLIS);
                try {
                    out.println("[B] got \"" + b.in.readLine() + "\"?!");
                } catch (SocketTimeoutException e) {
                    out.println("[B] no answer after " + NO_ANSWER_MILLIS + " ms: the server's only thread is busy with A");
                }
                b.socket.setSoTimeout(10_000);
                a.socket.close(); // A quits
                out.println("[A] quits");
                out.println("[B] got \"" + b.in.readLine() + "\" now that A has gone");
            }
            server.shutdown();
            loop.join();
        }
    }

    private void threadPerClient(InetSocketAddress address) throws Exception {
        List<String> log = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        try (ThreadingTcpServer server = new ThreadingTcpServer(address, UpperLineHandler::new, new TcpServer.Options(), log::add)) {
            out.println("2. ThreadingTcpServer on " + BaseServer.format(server.address()) + ": a thread per client (Python's ThreadingTCPServer)");
            Thread loop = serveInBackground(server);
            for (String name : List.of("A", "B", "C")) {
                clients.add(new Client(name, server.address()));
                out.println("[" + name + "] connected");
            }
            for (Client c : clients) {
                c.send("hello from " + c.name);
                out.println("[" + c.name + "] sent \"hello from " + c.name + "\", got \"" + c.in.readLine() + "\" (the others are still connected)");
            }
            out.println("[server] handler threads: " + server.handlerThreads() + ", one per client");
            out.println("[server] closeGracefully(200 ms): stop accepting now; give the handlers 200 ms; then close what is left");
            server.closeGracefully(Duration.ofMillis(200));
            loop.join();
            try (Socket late = new Socket()) {
                late.connect(server.address(), UpperClient.CONNECT_TIMEOUT_MILLIS);
                out.println("[D] connected?!");
            } catch (ConnectException e) {
                out.println("[D] connect: Connection refused: the server no longer accepts"); // our words: Windows adds ": connect"
            }
            for (Client c : clients) {
                out.println("[" + c.name + "] read() returned " + c.socket.getInputStream().read() + ": the server closed the connection");
            }
            out.println("[server] handler threads after shutdown: " + server.handlerThreads());
        } finally {
            for (Client c : clients) {
                c.close();
            }
        }
    }

    private void boundedPool(InetSocketAddress address) throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        try (PooledTcpServer server = new PooledTcpServer(address, UpperLineHandler.FACTORY, 2, 1, new TcpServer.Options(), line -> {
            if (line.contains(" waits for a thread")) {
                queued.countDown();
            }
        })) {
            out.println("3. PooledTcpServer on " + BaseServer.format(server.address()) + ": 2 threads, 1 place in the queue");
            Thread loop = serveInBackground(server);
            try (Client a = new Client("A", server.address()); Client b = new Client("B", server.address());
                 Client c = new Client("C", server.address()); Client d = new Client("D", server.address())) {
                for (Client served : List.of(a, b)) {
                    served.send("hello from " + served.name);
                    out.println("[" + served.name + "] got \"" + served.in.readLine() + "\"");
                }
                c.send("hello from C");
                if (!queued.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("C was never queued");
                }
                out.println("[C] connected and sent \"hello from C\": it waits in the queue, both threads are busy");
                out.println("[D] connected and read \"" + d.in.readLine() + "\"; then read() returned " + d.in.read());
                out.println("[server] pool threads: " + server.poolThreads() + " for 4 clients");
                a.socket.close(); // A quits
                out.println("[A] quits");
                out.println("[C] got \"" + c.in.readLine() + "\": a pool thread came free");
            }
            server.shutdown();
            loop.join();
        }
    }

    private static Thread serveInBackground(BaseServer<?> server) {
        Thread loop = new Thread(server::serveForever, "demo serve_forever");
        loop.start();
        return loop;
    }

    /** Run from an IDE: the same as {@code java -jar lesson07-socketserver.jar demo}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("demo", args);
    }
}
