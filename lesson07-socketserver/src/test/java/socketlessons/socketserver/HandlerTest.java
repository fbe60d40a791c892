package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static socketlessons.socketserver.Fixture.ANY_PORT;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 request handlers: BaseRequestHandler, StreamRequestHandler, the classroom's handler")
class HandlerTest {

    private final Fixture fixture = new Fixture();
    private final List<String> log = fixture.log;

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    @DisplayName("§9 BaseRequestHandler: setup, handle, finish in order, finish even when handle throws; it has request, clientAddress and server")
    void handlerLifecycleRunsInOrder() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(1);
        HandlerFactory<Socket> recorder = () -> new BaseRequestHandler<>() {
            @Override
            protected void setup() {
                calls.add("setup: client " + clientAddress.getPort() + ", request from " + request.getPort()
                        + ", server on " + server.address().getPort());
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
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, recorder, new TcpServer.Options(), log::add));
        LineClient client = fixture.connect(server);

        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).containsExactly("setup: client " + client.port() + ", request from " + client.port()
                + ", server on " + server.address().getPort(), "handle", "finish");
        assertThat(client.readLine()).isNull();
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + client.port()
                + ": java.lang.IllegalStateException: fails on purpose");
    }

    @Test
    @DisplayName("§9 a HandlerFactory that hands out the same handler twice: the second request fails clearly, the first was served")
    void refusesHandlerObjectUsedTwice() throws Exception {
        UpperLineHandler shared = new UpperLineHandler();
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, () -> shared, new TcpServer.Options(), log::add));
        try (LineClient first = new LineClient(server.address())) {
            assertThat(first.ask("one")).isEqualTo("ONE");
        }
        LineClient second = fixture.connect(server);

        assertThat(second.readLine()).isNull();
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + second.port()
                + ": java.lang.IllegalStateException: a handler serves one request: the HandlerFactory must return a new object each time");
    }

    @Test
    @DisplayName("§9 StreamRequestHandler: rfile/wfile in UTF-8; \\r\\n and \\n both end a line; a last line without \\n still counts")
    void streamHandlerReadsLinesWhateverTheirEnding() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        HandlerFactory<Socket> collector = () -> new StreamRequestHandler() {
            @Override
            protected void handle() throws Exception {
                String line;
                while ((line = readLine()) != null) {
                    lines.add(line);
                }
                ended.countDown();
            }
        };
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, collector, new TcpServer.Options(), log::add));
        LineClient client = fixture.connect(server);

        client.write("windows\r\nunix\n\nstraße 你好\nno newline".getBytes(StandardCharsets.UTF_8));
        client.socket.shutdownOutput();

        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).containsExactly("windows", "unix", "", "straße 你好", "no newline");
    }

    @Test
    @DisplayName("§9 the classroom handler: bare text comes back in upper case, and a character cut between two reads comes back whole")
    void upperEchoHandlerKeepsCharactersWhole() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperEchoHandler::new, new TcpServer.Options(), log::add));
        LineClient client = fixture.connect(server);
        byte[] text = "straße 你好\n".getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.socket.getOutputStream();
        out.write(text, 0, 10); // "straße " is 8 bytes; then 2 of 你's 3 bytes
        await().atMost(Duration.ofSeconds(10)).until(() -> client.socket.getInputStream().available() >= "STRASSE ".length());
        out.write(text, 10, text.length - 10);

        assertThat(client.readLine()).isEqualTo("STRASSE 你好");
    }

    @Test
    @DisplayName("§9 the classroom handler logs each client with its address and the thread that serves it (one per client)")
    void upperEchoHandlerLogsClientAndThread() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperEchoHandler::new, new TcpServer.Options(), log::add));
        String client;
        try (LineClient c = new LineClient(server.address())) {
            assertThat(c.ask("hi")).isEqualTo("HI");
            client = "127.0.0.1:" + c.port();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> log.size() == 2);
        assertThat(log).containsExactly(
                client + ": connected; served by the thread \"socketserver " + BaseServer.format(server.address()) + " handler " + client + "\"",
                client + ": finish(): done with this client");
    }
}
