package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static socketlessons.socketserver.Fixture.ANY_PORT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 a slow reader pins a thread: a client that sends and never reads blocks the server's write for as long as it likes")
class SlowReaderTest {

    private final Fixture fixture = new Fixture();
    private final List<String> log = fixture.log;
    private final ExecutorService flooders = Executors.newCachedThreadPool();

    @AfterEach
    void closeAll() throws Exception {
        fixture.close(); // closes the flooding client too, so its blocked write ends
        flooders.shutdownNow();
    }

    /** The classroom echo as it was before deadlines: {@code conn.send} with nothing to limit it. */
    static final class WriteWithoutDeadlineHandler extends BaseRequestHandler<Socket> {
        @Override
        protected void handle() throws IOException {
            InputStream in = request.getInputStream();
            OutputStream out = request.getOutputStream();
            byte[] buf = new byte[1024];
            int n;
            while ((n = in.read(buf)) != -1) {
                out.write(buf, 0, n); // blocks once the client's receive buffer and our send buffer are full
            }
        }
    }

    /** A client with a small receive buffer that sends without end and never reads: its own write blocks in the end too. */
    private Future<Void> flood(TcpServer server) throws IOException {
        Socket client = new Socket();
        client.setReceiveBufferSize(4096); // before connect: the window it offers
        client.connect(server.address(), 5_000);
        fixture.closeAfter(client);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        return flooders.submit(() -> {
            while (true) {
                client.getOutputStream().write(chunk);
            }
        });
    }

    /** Whether the thread is inside a socket write now (it stays there while the client does not read). */
    private static boolean blockedInWrite(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame ->
                frame.getClassName().contains("Socket") && frame.getMethodName().toLowerCase().contains("write"));
    }

    @Test
    @DisplayName("§9 slow reader: with a 200 ms read timeout, a client that never reads keeps TcpServer's only thread blocked in write; B gets no answer for three timeouts and more")
    void reproducesSlowReaderPinningTheThread() throws Exception {
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, WriteWithoutDeadlineHandler::new,
                new TcpServer.Options().timeout(Duration.ofMillis(200)), log::add));
        flood(server);
        Thread loop = fixture.loopOf(server);
        await().atMost(Duration.ofSeconds(20)).until(() -> blockedInWrite(loop));

        LineClient b = fixture.connect(server);
        b.send("b");

        assertThat(b.silentFor(Duration.ofMillis(600))).as("B: no answer after three timeouts").isTrue();
        assertThat(blockedInWrite(loop)).as("the read timeout never fires: the thread is not reading").isTrue();
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§9 fix: the answer deadline (lesson01's Deadlines) closes the connection of a client that has not taken its answer within the timeout; B is served")
    void fixesSlowReaderWithAnswerDeadline() throws Exception {
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, UpperEchoHandler::new,
                new TcpServer.Options().timeout(Duration.ofMillis(200)), log::add));
        Future<Void> flooding = flood(server);
        LineClient b = fixture.connect(server);
        b.send("b");

        assertThat(b.readLine()).as("B is served once the slow reader is cut off").isEqualTo("B");
        assertThatThrownBy(() -> flooding.get(10, TimeUnit.SECONDS)).as("the flooding client's connection was closed")
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
        assertThat(log).filteredOn(line -> line.contains(": it did not take its answer within 200 ms (the handler timeout)"))
                .hasSize(1);
    }

    @Test
    @DisplayName("§9 fix, thread per client: four slow readers on PooledTcpServer (4 threads) are cut off at the deadline, and the pool serves the next client")
    void fixesSlowReadersHoldingEveryPoolThread() throws Exception {
        PooledTcpServer server = fixture.serving(new PooledTcpServer(ANY_PORT, UpperEchoHandler::new, 4, 4,
                new TcpServer.Options().timeout(Duration.ofMillis(200)), log::add));
        for (int i = 0; i < 4; i++) {
            flood(server);
        }
        LineClient next = fixture.connect(server);

        assertThat(next.ask("next")).isEqualTo("NEXT");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                log.stream().filter(line -> line.contains(": it did not take its answer within 200 ms")).count() == 4);
    }
}
