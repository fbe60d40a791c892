package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static socketlessons.socketserver.Fixture.ANY_PORT;
import static socketlessons.socketserver.Fixture.liveThreadsOf;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 many clients: one at a time, a thread per client, a bounded pool")
class ManyClientsTest {

    private final Fixture fixture = new Fixture();
    private final List<String> log = fixture.log;

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    @DisplayName("§4.3 通信占用 on §9 TcpServer: B's connect succeeds, but B gets no answer while A is connected; B is served when A quits")
    void reproducesSecondClientWaitingOnOneAtATimeServer() throws Exception {
        List<String> handlers = new CopyOnWriteArrayList<>();
        HandlerFactory<Socket> recording = () -> new UpperLineHandler() {
            @Override
            protected void setup() throws IOException {
                handlers.add("setup " + clientAddress.getPort());
                super.setup();
            }

            @Override
            protected void finish() throws IOException {
                super.finish();
                handlers.add("finish " + clientAddress.getPort());
            }
        };
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, recording, new TcpServer.Options(), log::add));
        LineClient a = fixture.connect(server);
        assertThat(a.ask("a")).isEqualTo("A");

        LineClient b = fixture.connect(server); // succeeds: the kernel did the handshake; B waits in the backlog
        b.send("b");

        assertThat(b.silentFor(Duration.ofMillis(300))).as("B gets no answer while A is connected").isTrue();
        assertThat(server.openConnections()).as("only A has been accepted").isEqualTo(1);
        assertThat(handlers).containsExactly("setup " + a.port());

        a.close();
        assertThat(b.readLine()).as("B is served once A has gone").isEqualTo("B");
        assertThat(handlers).containsExactly("setup " + a.port(), "finish " + a.port(), "setup " + b.port());
    }

    @Test
    @DisplayName("§9 fix: ThreadingTcpServer serves A and B at the same time: both handlers are inside handle() together, one thread each")
    void fixesWaitingWithThreadingServer() throws Exception {
        CyclicBarrier bothInside = new CyclicBarrier(2);
        HandlerFactory<Socket> meetThenEcho = () -> new UpperLineHandler() {
            @Override
            protected void handle() throws Exception {
                bothInside.await(10, TimeUnit.SECONDS); // passes only while the other client's handler runs too
                super.handle();
            }
        };
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, meetThenEcho, new TcpServer.Options(), log::add));
        LineClient a = fixture.connect(server);
        LineClient b = fixture.connect(server);

        assertThat(b.ask("b")).as("B is served while A is connected and silent").isEqualTo("B");
        assertThat(a.ask("a")).isEqualTo("A");
        assertThat(liveThreadsOf(server)).as("one handler thread per client").isEqualTo(2);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§9 a thread per client has no limit: ThreadingTcpServer's threads grow with its clients (5, 10, 20 clients: 5, 10, 20 threads)")
    void reproducesThreadsGrowingWithClients() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));

        List<Long> threads = threadsAt(server, 5, 10, 20);

        assertThat(threads).containsExactly(5L, 10L, 20L);
        assertThat(server.handlerThreads()).isEqualTo(20);
    }

    @Test
    @DisplayName("§9 fix: PooledTcpServer (2 threads, 1 place in the queue) stays at 2 threads for 5, 10, 20 clients; the 3rd waits, the rest read \"server busy\"")
    void fixesThreadsGrowingWithBoundedPool() throws Exception {
        PooledTcpServer server = fixture.serving(new PooledTcpServer(ANY_PORT, UpperLineHandler.FACTORY, 2, 1, new TcpServer.Options(), log::add));
        LineClient first = fixture.connect(server);
        LineClient second = fixture.connect(server);
        assertThat(first.ask("one")).isEqualTo("ONE");
        assertThat(second.ask("two")).isEqualTo("TWO");
        LineClient third = fixture.connect(server);
        third.send("three");
        await().atMost(Duration.ofSeconds(10)).until(() -> !log.isEmpty()); // the loop logs just after it queued the client
        assertThat(server.waiting()).isEqualTo(1);
        assertThat(log).containsExactly("127.0.0.1:" + third.port() + " waits for a thread: all 2 are busy (1 of 1 places in the queue taken)");

        List<Long> threads = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int connected = 3; connected < 20; ) {
            LineClient extra = fixture.connect(server);
            refused.add(extra.readLine());
            assertThat(extra.readLine()).as("then the server closes the connection").isNull();
            connected++;
            if (connected == 5 || connected == 10 || connected == 20) {
                threads.add(liveThreadsOf(server));
            }
        }

        assertThat(threads).as("flat").containsExactly(2L, 2L, 2L);
        assertThat(server.poolThreads()).isEqualTo(2);
        assertThat(refused).hasSize(17).containsOnly(UpperLineHandler.BUSY);
        assertThat(log).filteredOn(line -> line.startsWith("pool full (2 busy, 1 waiting): refusing 127.0.0.1:")).hasSize(17);

        first.close();
        assertThat(third.readLine()).as("the queued client is served when a thread comes free").isEqualTo("THREE");
    }

    @Test
    @DisplayName("§9 PooledTcpServer with no queue: the client after the last thread is refused at once (closed: the default refusal writes nothing into the handler's protocol)")
    void poolWithoutQueueRefusesAtOnce() throws Exception {
        PooledTcpServer server = fixture.serving(new PooledTcpServer(ANY_PORT, UpperLineHandler::new, 1, 0, new TcpServer.Options(), log::add));
        LineClient served = fixture.connect(server);
        assertThat(served.ask("in")).isEqualTo("IN");

        LineClient refused = fixture.connect(server);

        assertThat(refused.socket.getInputStream().read()).as("not a byte: the end of stream").isEqualTo(-1);
        assertThat(log).containsExactly("pool full (1 busy, 0 waiting): refusing 127.0.0.1:" + refused.port());
        assertThat(served.ask("still served")).isEqualTo("STILL SERVED");
    }

    /** Connects clients one by one, each answered, and counts the server's live threads when 5, 10... are connected. */
    private List<Long> threadsAt(TcpServer server, int... targets) throws IOException {
        List<Long> threads = new ArrayList<>();
        int connected = 0;
        for (int target : targets) {
            for (; connected < target; connected++) {
                assertThat(fixture.connect(server).ask("hi")).isEqualTo("HI");
            }
            threads.add(liveThreadsOf(server));
        }
        return threads;
    }
}
