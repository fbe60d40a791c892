package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 socketserver: one at a time, a thread per client, a bounded pool, UDP")
class SocketServerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <S extends BaseServer<?>> S started(S server) {
        toClose.add(server);
        CompletableFuture.runAsync(server::serveForever);
        return server;
    }

    private Client connect(BaseServer<?> server) throws IOException {
        Client client = new Client(server.address());
        toClose.add(client);
        return client;
    }

    /** A line-speaking client. */
    static final class Client implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;

        Client(InetSocketAddress address) throws IOException {
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        String ask(String line) throws IOException {
            send(line);
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static long liveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    @DisplayName("§9 TcpServer (one at a time): B's connect succeeds, but B waits while A is connected")
    void reproducesSecondClientWaitingOnOneAtATimeServer() throws Exception {
        TcpServer server = started(new TcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        Client a = connect(server);
        assertThat(a.ask("a")).isEqualTo("A");

        Client b = connect(server);
        b.send("b");
        b.socket.setSoTimeout(300);
        assertThatThrownBy(() -> b.in.readLine()).isInstanceOf(SocketTimeoutException.class);
        assertThat(server.openConnections()).as("only A has been accepted").isEqualTo(1);

        a.close();
        b.socket.setSoTimeout(10_000);
        assertThat(b.in.readLine()).as("B is served once A has gone").isEqualTo("B");
    }

    @Test
    @DisplayName("§9 fix: ThreadingTcpServer serves A and B at the same time (both handlers meet at a barrier)")
    void fixesWaitingWithThreadingServer() throws Exception {
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        Supplier<BaseRequestHandler<Socket>> meetThenEcho = () -> new UpperLineHandler() {
            @Override
            protected void handle() throws Exception {
                bothRunning.await(10, TimeUnit.SECONDS); // passes only if the other handler runs too
                super.handle();
            }
        };
        ThreadingTcpServer server = started(new ThreadingTcpServer(ANY_PORT, meetThenEcho, new TcpServer.Options(), log::add));

        Client a = connect(server);
        Client b = connect(server);

        assertThat(a.ask("a")).isEqualTo("A");
        assertThat(b.ask("b")).isEqualTo("B");
        assertThat(a.ask("still here")).isEqualTo("STILL HERE");
        assertThat(server.handlerThreads()).isEqualTo(2);
    }

    @Test
    @DisplayName("§9 a handler that throws: the error is logged with the client's address; the server and the others go on")
    void handlerThatThrowsDoesNotStopTheServer() throws Exception {
        Supplier<BaseRequestHandler<Socket>> boomOnBoom = () -> new UpperLineHandler() {
            @Override
            protected String readLine() throws IOException {
                String line = super.readLine();
                if ("boom".equals(line)) {
                    throw new IllegalStateException("boom");
                }
                return line;
            }
        };
        ThreadingTcpServer server = started(new ThreadingTcpServer(ANY_PORT, boomOnBoom, new TcpServer.Options(), log::add));
        Client other = connect(server);
        assertThat(other.ask("before")).isEqualTo("BEFORE");

        Client thrower = connect(server);
        int throwerPort = thrower.socket.getLocalPort();
        thrower.send("boom");
        assertThat(thrower.in.readLine()).as("its connection is closed").isNull();

        assertThat(other.ask("after")).isEqualTo("AFTER");
        assertThat(connect(server).ask("new client")).isEqualTo("NEW CLIENT");
        await().atMost(Duration.ofSeconds(5)).until(() -> !log.isEmpty());
        assertThat(log).contains("error while handling a request from 127.0.0.1:" + throwerPort + ": java.lang.IllegalStateException: boom");
    }

    @Test
    @DisplayName("§9 shutdown() with clients connected: stops accepting at once, closes what is left after the grace period, leaves no thread")
    void shutdownStopsAcceptingThenClosesLeftoversAndLeavesNoThread() throws Exception {
        ThreadingTcpServer server = started(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new,
                new TcpServer.Options().shutdownGrace(Duration.ofMillis(200)), log::add));
        InetSocketAddress address = server.address();
        Client a = connect(server);
        Client b = connect(server);
        assertThat(a.ask("a")).isEqualTo("A");
        assertThat(b.ask("b")).isEqualTo("B");
        assertThat(liveThreadsNamed("handler ")).isGreaterThanOrEqualTo(2);

        server.shutdown();

        assertThatThrownBy(() -> new Socket().connect(address, 1_000)).isInstanceOf(ConnectException.class);
        assertThat(a.in.readLine()).as("A's connection was closed").isNull();
        assertThat(b.in.readLine()).as("B's connection was closed").isNull();
        assertThat(server.handlerThreads()).isZero();
        assertThat(liveThreadsNamed("handler 127.0.0.1:" + a.socket.getLocalPort())).isZero();
        assertThat(liveThreadsNamed("handler 127.0.0.1:" + b.socket.getLocalPort())).isZero();
        assertThat(log).contains("shutdown: closing the connection of 127.0.0.1:" + a.socket.getLocalPort());
    }

    @Test
    @DisplayName("§9 shutdown() lets a handler that is still working finish its answer within the grace period")
    void shutdownLetsRunningHandlerFinishWithinGrace() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        Supplier<BaseRequestHandler<Socket>> slowOnce = () -> new StreamRequestHandler() {
            @Override
            protected void handle() throws Exception {
                String line = readLine();
                working.countDown();
                mayFinish.await(10, TimeUnit.SECONDS);
                writeLine("done: " + line);
            }
        };
        ThreadingTcpServer server = started(new ThreadingTcpServer(ANY_PORT, slowOnce,
                new TcpServer.Options().shutdownGrace(Duration.ofSeconds(10)), log::add));
        Client a = connect(server);
        a.send("job");
        assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> shuttingDown = CompletableFuture.runAsync(() -> {
            try {
                server.shutdown();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> new Socket().connect(server.address(), 1_000)).isInstanceOf(ConnectException.class));
        mayFinish.countDown();

        assertThat(a.in.readLine()).isEqualTo("done: job");
        shuttingDown.get(10, TimeUnit.SECONDS);
        assertThat(server.handlerThreads()).isZero();
    }

    @Test
    @DisplayName("§9 unbounded: ThreadingTcpServer's threads grow with its clients (5, 10, 20 clients → 5, 10, 20 threads)")
    void reproducesUnboundedThreadsGrowingWithClients() throws Exception {
        ThreadingTcpServer server = started(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        List<Integer> threads = new ArrayList<>();
        int connected = 0;
        for (int target : new int[] {5, 10, 20}) {
            for (; connected < target; connected++) {
                assertThat(connect(server).ask("hi")).isEqualTo("HI");
            }
            threads.add(server.handlerThreads());
        }
        assertThat(threads).containsExactly(5, 10, 20);
    }

    @Test
    @DisplayName("§9 fix: a bounded pool of 2 with a queue of 1 keeps 2 threads; the 4th client and beyond are told the server is busy")
    void fixesUnboundedThreadsWithBoundedPool() throws Exception {
        PooledTcpServer server = started(new PooledTcpServer(ANY_PORT, UpperLineHandler::new, 2, 1, new TcpServer.Options(), log::add));
        Client first = connect(server);
        Client second = connect(server);
        assertThat(first.ask("one")).isEqualTo("ONE");
        assertThat(second.ask("two")).isEqualTo("TWO");
        Client queued = connect(server);
        queued.send("three");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.waiting() == 1);

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            refused.add(connect(server).in.readLine());
        }

        assertThat(refused).containsOnly(PooledTcpServer.BUSY.strip()).hasSize(17);
        assertThat(server.poolThreads()).as("flat: 20 clients, 2 threads").isEqualTo(2);
        first.close();
        assertThat(queued.in.readLine()).as("the queued client is served when a thread frees up").isEqualTo("THREE");
        assertThat(log).anyMatch(line -> line.startsWith("pool full (2 served, 1 waiting): refusing 127.0.0.1:"));
    }

    @Test
    @DisplayName("§9 a client that connects and says nothing is cut off after the handler's timeout; the server goes on")
    void cutsOffSilentClientAfterTimeout() throws Exception {
        ThreadingTcpServer server = started(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new,
                new TcpServer.Options().timeout(Duration.ofMillis(200)), log::add));
        Client silent = connect(server);

        assertThat(silent.in.readLine()).as("closed by the server").isNull();
        assertThat(connect(server).ask("next")).isEqualTo("NEXT");
        assertThat(log).contains("closing 127.0.0.1:" + silent.socket.getLocalPort() + ": silent for longer than the timeout");
    }

    @Test
    @DisplayName("§9 BaseRequestHandler: setup, handle, finish in order, finish even when handle throws; it sees the client's address")
    void handlerLifecycleRunsInOrder() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(1);
        Supplier<BaseRequestHandler<Socket>> recorder = () -> new BaseRequestHandler<>() {
            @Override
            protected void setup() {
                calls.add("setup " + clientAddress.getPort());
            }

            @Override
            protected void handle() {
                calls.add("handle");
                throw new IllegalStateException("fails on purpose");
            }

            @Override
            protected void finish() {
                calls.add("finish");
                finished.countDown();
            }
        };
        TcpServer server = started(new TcpServer(ANY_PORT, recorder, new TcpServer.Options(), log::add));
        Client client = connect(server);

        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).containsExactly("setup " + client.socket.getLocalPort(), "handle", "finish");
    }

    @Test
    @DisplayName("§9 UdpServer: the handler gets (data, socket) and answers each datagram; two clients at once")
    void udpServerAnswersEachDatagram() throws Exception {
        UdpServer server = started(new UdpServer(ANY_PORT, UpperUdpHandler::new, log::add));
        try (DatagramSocket one = new DatagramSocket(); DatagramSocket two = new DatagramSocket()) {
            one.setSoTimeout(5_000);
            two.setSoTimeout(5_000);
            byte[] hello = "hello udp".getBytes(StandardCharsets.UTF_8);
            byte[] chinese = "你好".getBytes(StandardCharsets.UTF_8);
            one.send(new DatagramPacket(hello, hello.length, server.address()));
            two.send(new DatagramPacket(chinese, chinese.length, server.address()));

            DatagramPacket answer = new DatagramPacket(new byte[1024], 1024);
            one.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8)).isEqualTo("HELLO UDP");
            two.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8)).isEqualTo("你好");
        }
    }

    @Test
    @DisplayName("§9 the classroom handler: bare text is echoed in upper case, and a character cut between reads comes back whole")
    void upperEchoHandlerKeepsCharactersWhole() throws Exception {
        ThreadingTcpServer server = started(new ThreadingTcpServer(ANY_PORT, UpperEchoHandler::new, new TcpServer.Options(), log::add));
        Client client = connect(server);
        byte[] text = "straße 你好\n".getBytes(StandardCharsets.UTF_8);
        client.socket.getOutputStream().write(text, 0, 9); // ends inside 你
        client.socket.getOutputStream().flush();
        client.socket.getOutputStream().write(text, 9, text.length - 9);

        assertThat(client.in.readLine()).isEqualTo("STRASSE 你好");
    }
}
