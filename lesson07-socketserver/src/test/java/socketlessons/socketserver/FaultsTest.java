package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static socketlessons.socketserver.Fixture.ANY_PORT;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§9 faults: a handler that throws, a silent client, bad input, a reset")
class FaultsTest {

    private final Fixture fixture = new Fixture();
    private final List<String> log = fixture.log;

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    /** The uppercase echo, except that the line "boom" makes it throw. */
    static final class BoomHandler extends UpperLineHandler {
        @Override
        protected String readLine() throws IOException {
            String line = super.readLine();
            if ("boom".equals(line)) {
                throw new IllegalStateException("boom");
            }
            return line;
        }
    }

    @Test
    @DisplayName("§9 handle_error: without it (the §4.3 loop), one conversation that throws ends the server; the next client gets Connection refused")
    void reproducesThrowingConversationEndingTheUnguardedLoop() throws Exception {
        UnguardedLoopServer server = new UnguardedLoopServer(ANY_PORT, conn -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("boom")) {
                    throw new IllegalStateException("boom");
                }
                conn.getOutputStream().write((line.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        CompletableFuture<Void> loop = Fixture.inBackground("unguarded loop", server::serveForever);
        try (LineClient before = new LineClient(server.address())) {
            assertThat(before.ask("before")).isEqualTo("BEFORE");
        }
        try (LineClient thrower = new LineClient(server.address())) {
            thrower.send("boom");

            assertThatThrownBy(() -> loop.get(10, TimeUnit.SECONDS))
                    .as("the loop is gone, and the exception does not say which client it was")
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("boom");
        }
        assertThatThrownBy(() -> new LineClient(server.address()))
                .isInstanceOf(ConnectException.class).hasMessageContaining("Connection refused");
    }

    @Test
    @DisplayName("§9 fix: TcpServer catches it per request (handle_error): logged with the client's address, that connection closed, the next client served")
    void fixesThrowingHandlerWithHandleError() throws Exception {
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, BoomHandler::new, new TcpServer.Options(), log::add));
        LineClient thrower = fixture.connect(server);
        assertThat(thrower.ask("before")).isEqualTo("BEFORE");

        thrower.send("boom");

        assertThat(thrower.readLine()).as("its connection is closed").isNull();
        assertThat(fixture.connect(server).ask("next")).isEqualTo("NEXT");
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + thrower.port()
                + ": java.lang.IllegalStateException: boom");
    }

    @Test
    @DisplayName("§9 ThreadingTcpServer: while one handler throws, the other clients' conversations go on")
    void handlerThatThrowsDoesNotDisturbOtherClients() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, BoomHandler::new, new TcpServer.Options(), log::add));
        LineClient other = fixture.connect(server);
        assertThat(other.ask("before")).isEqualTo("BEFORE");
        LineClient thrower = fixture.connect(server);

        thrower.send("boom");

        assertThat(thrower.readLine()).isNull();
        assertThat(other.ask("after")).isEqualTo("AFTER");
        assertThat(fixture.connect(server).ask("new client")).isEqualTo("NEW CLIENT");
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + thrower.port()
                + ": java.lang.IllegalStateException: boom");
    }

    @Test
    @DisplayName("§9 a client that connects and says nothing holds TcpServer for everyone: with no timeout, B waits behind silent A")
    void reproducesSilentClientHoldingTheServer() throws Exception {
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, UpperLineHandler::new,
                new TcpServer.Options().timeout(Duration.ZERO), log::add)); // zero: Python's None, wait forever
        LineClient silent = fixture.connect(server);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 1); // the loop holds the silent client
        LineClient b = fixture.connect(server);

        b.send("b");

        assertThat(b.silentFor(Duration.ofMillis(300))).as("B gets no answer").isTrue();
        assertThat(silent.silentFor(Duration.ofMillis(1))).as("and the silent client is not cut off").isTrue();
        assertThat(server.openConnections()).isEqualTo(1);
    }

    @Test
    @DisplayName("§9 fix: a handler timeout (Python's StreamRequestHandler.timeout) cuts the silent client off after 200 ms, then B is served")
    void fixesSilentClientWithHandlerTimeout() throws Exception {
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, UpperLineHandler::new,
                new TcpServer.Options().timeout(Duration.ofMillis(200)), log::add));
        LineClient silent = fixture.connect(server);
        LineClient b = fixture.connect(server);

        b.send("b");

        assertThat(b.readLine()).isEqualTo("B");
        assertThat(silent.readLine()).as("closed by the server").isNull();
        assertThat(log).containsExactly("closing 127.0.0.1:" + silent.port() + ": silent for longer than 200 ms (the handler timeout)");
    }

    @Test
    @DisplayName("§9 the shape the notes teach, new ThreadingTcpServer(address, H::new), reads from strangers with a timeout (300 s), not forever")
    void defaultOptionsHaveAReadTimeout() throws Exception {
        assertThat(new TcpServer.Options().timeout()).isEqualTo(Duration.ofSeconds(300));
        CompletableFuture<Integer> soTimeout = new CompletableFuture<>();
        HandlerFactory<Socket> probe = () -> new BaseRequestHandler<>() {
            @Override
            protected void handle() throws Exception {
                soTimeout.complete(request.getSoTimeout());
            }
        };
        try (ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, probe))) {
            fixture.connect(server);
            assertThat(soTimeout.get(10, TimeUnit.SECONDS)).isEqualTo(300_000);
        }
    }

    @Test
    @DisplayName("§9 descriptors run out (accept throws Too many open files at once, again and again): the loop pauses between tries and logs once per episode, then serves again")
    void fixesAcceptLoopSpinningWhenDescriptorsRunOut() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean descriptorsBack = new AtomicBoolean();
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add) {
            @Override
            protected Incoming<Socket> getRequest() throws IOException {
                if (!descriptorsBack.get()) { // what accept() does with no descriptor left: EMFILE, at once
                    failures.incrementAndGet();
                    throw new SocketException("Too many open files");
                }
                return super.getRequest();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() >= 5);
        descriptorsBack.set(true);

        assertThat(fixture.connect(server).ask("served again")).isEqualTo("SERVED AGAIN");
        assertThat(log).containsExactly(
                "could not take a request: java.net.SocketException: Too many open files (pausing 100 ms between tries until it works)",
                "taking requests again after " + failures.get() + " failed tries");
    }

    @Test
    @DisplayName("§9 a peer's text inside an error (NumberFormatException: For input string: ...) reaches the log quoted and escaped: no escape sequence, no forged line")
    void escapesPeerTextInTheErrorLog() throws Exception {
        HandlerFactory<Socket> adder = () -> new StreamRequestHandler() {
            @Override
            protected void handle() throws Exception {
                writeLine(Integer.toString(Integer.parseInt(readLine()) + 1)); // the JDK puts the peer's line in its message
            }
        };
        TcpServer server = fixture.serving(new TcpServer(ANY_PORT, adder, new TcpServer.Options(), log::add));
        LineClient client = fixture.connect(server);

        client.send("1\u001b[2J\r127.0.0.1:1: welcome admin");

        assertThat(client.readLine()).isNull();
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + client.port()
                + ": \"java.lang.NumberFormatException: For input string: \\\"1\\u001b[2J\\r127.0.0.1:1: welcome admin\\\"\"");
    }

    @Test
    @DisplayName("§9 bad input: bytes that are not UTF-8 end that connection with a clear error in the log; the next client is served")
    void closesConnectionThatSendsBytesThatAreNotUtf8() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        LineClient garbage = fixture.connect(server);

        garbage.write(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}); // 0xC3 starts a 2-byte character; 0x28 cannot continue it

        assertThat(garbage.readLine()).isNull();
        assertThat(fixture.connect(server).ask("next")).isEqualTo("NEXT");
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + garbage.port()
                + ": java.net.ProtocolException: the client sent bytes that are not UTF-8 text"
                + " (java.nio.charset.MalformedInputException: Input length = 1)");
    }

    @Test
    @DisplayName("§9 bad input, boundary: a line of exactly 65,536 characters is answered")
    void answersLineOfMaximumLength() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        LineClient client = fixture.connect(server);

        assertThat(client.ask("x".repeat(StreamRequestHandler.MAX_LINE_CHARS))).isEqualTo("X".repeat(StreamRequestHandler.MAX_LINE_CHARS));
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§9 bad input, boundary: a line of 65,537 characters is refused before the server buffers more; the connection closes")
    void refusesLineOneCharacterTooLong() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        LineClient client = fixture.connect(server);

        client.write("x".repeat(StreamRequestHandler.MAX_LINE_CHARS + 1).getBytes(StandardCharsets.UTF_8));

        assertThat(client.readLine()).isNull();
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + client.port()
                + ": java.net.ProtocolException: a line longer than 65536 characters");
    }

    @Test
    @DisplayName("§9 a client that resets mid-conversation: logged with its address (Connection reset); the others go on")
    void survivesClientThatResets() throws Exception {
        ThreadingTcpServer server = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperLineHandler::new, new TcpServer.Options(), log::add));
        LineClient other = fixture.connect(server);
        LineClient resetting = fixture.connect(server);
        assertThat(resetting.ask("hi")).isEqualTo("HI");

        resetting.socket.setSoLinger(true, 0); // close() now sends RST instead of FIN: the client vanished
        resetting.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> !log.isEmpty());
        assertThat(log).containsExactly("error while handling a request from 127.0.0.1:" + resetting.port()
                + ": java.net.SocketException: Connection reset");
        assertThat(other.ask("still here")).isEqualTo("STILL HERE");
    }
}
