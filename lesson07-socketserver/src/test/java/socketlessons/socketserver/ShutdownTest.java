package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static socketlessons.socketserver.Fixture.ANY_PORT;
import static socketlessons.socketserver.Fixture.liveThreadsOf;

import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 shutdown() stops the loop; close() also closes every connection and joins the threads; closeGracefully(grace) first lets them finish")
class ShutdownTest {

    private final Fixture fixture = new Fixture();
    private final List<String> log = fixture.log;

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    /**
     * A new client is refused, once every copy of the listening socket is closed: a child process
     * that another test starts meanwhile gets a copy of each descriptor of this JVM (Java's sockets
     * are not close-on-exec) and holds it until it runs its program, for a moment.
     */
    private static void assertRefused(BaseServer<?> server) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> {
            try (Socket late = new Socket()) { // closed at once if it did connect, so no handler waits for it
                late.connect(server.address(), 5_000);
            }
        }).isInstanceOf(ConnectException.class).hasMessageContaining("Connection refused"));
    }

    @Test
    @DisplayName("§9 closing only the listening socket (what a hand-written server does) stops new clients, but A is still served and its thread lives on")
    void reproducesClosingListeningSocketLeavingHandlersRunning() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        LineClient a = fixture.connect(server);
        assertThat(a.ask("a")).isEqualTo("A");

        server.shutdown(); // Python's shutdown(): the flag, sk.close(), wait for the loop; nothing else

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertRefused(server)); // once the blocked accept() has woken
        fixture.loopOf(server).join(5_000);
        assertThat(fixture.loopOf(server).isAlive()).as("the loop has ended").isFalse();
        assertThat(a.ask("still served")).isEqualTo("STILL SERVED");
        assertThat(liveThreadsOf(server)).as("A's handler thread, which nobody will stop").isEqualTo(1);
    }

    @Test
    @DisplayName("§9 fix: shutdown() stops accepting at once, lets a handler still working finish, and returns when it has (not after the whole grace)")
    void stopsAcceptingAtOnceAndLetsRunningHandlerFinish() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        HandlerFactory<Socket> slowJob = () -> new StreamRequestHandler() {
            @Override
            protected void handle() throws Exception {
                String job = readLine();
                if (job == null) {
                    return;
                }
                working.countDown();
                assertThat(mayFinish.await(20, TimeUnit.SECONDS)).isTrue();
                writeLine("done: " + job);
            }
        };
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, slowJob, new TcpServer.Options(), log::add));
        LineClient a = fixture.connect(server);
        a.send("job");
        assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> shuttingDown = Fixture.inBackground("test shutdown",
                () -> server.closeGracefully(Duration.ofSeconds(30)));

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertRefused(server));
        assertThat(shuttingDown).as("still in the grace period: the handler is working").isNotDone();
        mayFinish.countDown();
        assertThat(a.readLine()).isEqualTo("done: job");
        assertThat(a.readLine()).isNull();
        shuttingDown.get(10, TimeUnit.SECONDS);
        assertThat(liveThreadsOf(server)).isZero();
        assertThat(log).as("nothing had to be closed by force").isEmpty();
    }

    @Test
    @DisplayName("§9 shutdown() with idle clients: after the grace period (200 ms) their connections are closed; no handler thread, no loop thread is left")
    void closesIdleConnectionsAfterGraceAndLeavesNoThread() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        LineClient a = fixture.connect(server);
        LineClient b = fixture.connect(server);
        assertThat(a.ask("a")).isEqualTo("A");
        assertThat(b.ask("b")).isEqualTo("B");
        assertThat(liveThreadsOf(server)).isEqualTo(2);

        server.closeGracefully(Duration.ofMillis(200));

        assertRefused(server);
        assertThat(a.readLine()).as("A's connection was closed").isNull();
        assertThat(b.readLine()).as("B's connection was closed").isNull();
        assertThat(liveThreadsOf(server)).as("handler threads named for this server").isZero();
        assertThat(server.handlerThreads()).isZero();
        assertThat(server.openConnections()).isZero();
        Thread loop = fixture.loopOf(server);
        loop.join(5_000);
        assertThat(loop.isAlive()).as("serveForever has returned").isFalse();
        assertThat(log).containsExactlyInAnyOrder(
                "shutdown: closing the connection of 127.0.0.1:" + a.port(),
                "shutdown: closing the connection of 127.0.0.1:" + b.port());
    }

    @Test
    @DisplayName("§9 shutdown() of the bounded pool: a client still in the queue is closed at once, the busy one after the grace; no pool thread is left")
    void closesQueuedClientsAtOnceAndLeavesNoPoolThread() throws Exception {
        PooledTcpServer server = fixture.serving(new PooledTcpServer(ANY_PORT, UpperLineHandler::new, 1, 1, new TcpServer.Options(), log::add));
        LineClient busy = fixture.connect(server);
        assertThat(busy.ask("busy")).isEqualTo("BUSY");
        LineClient queued = fixture.connect(server);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.waiting() == 1);

        server.closeGracefully(Duration.ofMillis(200));

        assertThat(queued.readLine()).isNull();
        assertThat(busy.readLine()).isNull();
        assertThat(liveThreadsOf(server)).isZero();
        assertThat(log).containsExactly(
                "127.0.0.1:" + queued.port() + " waits for a thread: all 1 are busy (1 of 1 places in the queue taken)",
                "shutdown: closing the connection of 127.0.0.1:" + queued.port() + ", which was waiting for a thread",
                "shutdown: closing the connection of 127.0.0.1:" + busy.port());
    }

    @Test
    @DisplayName("§9 close() of TcpServer with a client connected: closed at once; a client still in the backlog is reset; serveForever returns")
    void shutsDownOneAtATimeServerWithClientConnected() throws Exception {
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        LineClient a = fixture.connect(server);
        assertThat(a.ask("a")).isEqualTo("A");
        LineClient inBacklog = fixture.connect(server);

        server.close();

        assertThat(a.readLine()).isNull();
        assertThatThrownBy(inBacklog::readLine).as("closing the listening socket resets what waits in its backlog")
                .isInstanceOf(SocketException.class).hasMessage("Connection reset");
        Thread loop = fixture.loopOf(server);
        loop.join(5_000);
        assertThat(loop.isAlive()).isFalse();
        assertThat(log).containsExactly("shutdown: closing the connection of 127.0.0.1:" + a.port());
    }

    @Test
    @DisplayName("§9 shutdown() with no grace, while the loop is between accept() and starting a handler: that late handler thread is stopped and joined too")
    void stopsHandlerThreadStartedDuringShutdown() throws Exception {
        CountDownLatch accepted = new CountDownLatch(1);
        CountDownLatch mayProcess = new CountDownLatch(1);
        HandlerFactory<Socket> waitsForever = () -> new BaseRequestHandler<>() {
            @Override
            protected void handle() throws InterruptedException {
                new CountDownLatch(1).await(); // ignores its socket: only an interrupt ends it
            }
        };
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, waitsForever, new TcpServer.Options(), log::add) {
            @Override
            protected boolean verifyRequest(Socket request, java.net.InetSocketAddress clientAddress) {
                accepted.countDown(); // the loop holds an accepted client and has not started its thread
                try {
                    return mayProcess.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        LineClient late = fixture.connect(server);
        assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> shuttingDown = Fixture.inBackground("test close", server::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("shutdown: closing the connection of 127.0.0.1:" + late.port()));
        mayProcess.countDown(); // now the loop starts the handler thread, in the middle of shutdown
        shuttingDown.get(10, TimeUnit.SECONDS);

        assertThat(liveThreadsOf(server)).as("no handler thread outlives shutdown()").isZero();
        assertThat(late.readLine()).isNull();
    }

    @Test
    @DisplayName("§9 shutdown() from a handler's own thread is refused with a clear error (it would wait for itself); the server goes on")
    void refusesShutdownFromHandlerThread() throws Exception {
        HandlerFactory<Socket> stopper = () -> new BaseRequestHandler<>() {
            @Override
            protected void handle() {
                server.shutdown();
            }
        };
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, stopper, new TcpServer.Options(), log::add)); // handlers run on the loop's thread
        LineClient client = fixture.connect(server);

        assertThat(client.readLine()).isNull();
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + client.port()
                + ": java.lang.IllegalStateException: shutdown() from the server's own thread would wait for itself:"
                + " call it from another thread, e.g. new Thread(server::shutdown).start()");
        assertThat(fixture.connect(server).readLine()).as("still accepting").isNull();
    }

    @Test
    @DisplayName("§9 close() from a ThreadingTcpServer handler's own thread is refused with a clear error (it would join itself); shutdown() from there works, as in Python")
    void refusesCloseFromHandlerThreadButNotShutdown() throws Exception {
        HandlerFactory<Socket> stopper = () -> new StreamRequestHandler() {
            @Override
            protected void handle() throws Exception {
                String what = readLine();
                if ("close".equals(what)) {
                    server.close();
                } else if ("shutdown".equals(what)) {
                    server.shutdown();
                    writeLine("the loop has ended");
                }
            }
        };
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, stopper, new TcpServer.Options(), log::add));
        LineClient closer = fixture.connect(server);
        closer.send("close");
        assertThat(closer.readLine()).isNull();
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + closer.port()
                + ": java.lang.IllegalStateException: close() from a handler's own thread would wait for itself:"
                + " call it from another thread, e.g. new Thread(server::close).start()");

        assertThat(fixture.connect(server).ask("shutdown")).isEqualTo("the loop has ended");
        assertRefused(server);
    }

    @Test
    @DisplayName("§15 close() from two threads at once (Ctrl+C's hook and try-with-resources): each connection is closed and logged once")
    void closeFromTwoThreadsLogsEachConnectionOnce() throws Exception {
        ExecutorService closers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                log.clear();
                ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
                LineClient a = fixture.connect(server);
                LineClient b = fixture.connect(server);
                assertThat(a.ask("a")).isEqualTo("A");
                assertThat(b.ask("b")).isEqualTo("B");
                CyclicBarrier together = new CyclicBarrier(2);
                Callable<Void> close = () -> {
                    together.await(10, TimeUnit.SECONDS);
                    server.close();
                    return null;
                };
                List<Future<Void>> both = closers.invokeAll(List.of(close, close));
                for (Future<Void> done : both) {
                    done.get();
                }
                assertThat(log).as("round " + round).containsExactlyInAnyOrder(
                        "shutdown: closing the connection of 127.0.0.1:" + a.port(),
                        "shutdown: closing the connection of 127.0.0.1:" + b.port());
                assertThat(liveThreadsOf(server)).isZero();
            }
        } finally {
            closers.shutdownNow();
        }
    }

    @Test
    @DisplayName("§9 shutdown() before serveForever ever ran, and a second close(), return at once; serveForever after shutdown returns at once")
    void shutdownIsSafeBeforeServingAndTwice() throws Exception {
        try (TcpServer server = new TcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add)) {
            server.shutdown();
            assertRefused(server);
            server.serveForever();
        }
        assertThat(log).isEmpty();
    }
}
