package socketlessons.homework.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;
import socketlessons.basics.testkit.Background;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 kill -9: no message whose sender was told \"stored\" is lost")
class KillNineTest {

    /** The chat server in a process of its own, so that it can be killed like kill -9 does. */
    private static final class ServerProcess implements AutoCloseable {
        final Process process;
        final InetSocketAddress address;

        ServerProcess(Path data) throws IOException {
            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            // C1 only and the serial collector: a JVM that starts in less CPU (the machine is shared); the server does not need more
            process = new ProcessBuilder(javaCommand, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    "socketlessons.homework.chat.Launcher", "chat-server", "--port", "0", "--data", data.toString(), "--iterations", "" + ChatServiceTest.ITERATIONS)
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on ([\\d.]+):(\\d+)");
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    address = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
                    Thread drain = new Thread(() -> {
                        try {
                            out.transferTo(java.io.Writer.nullWriter());
                        } catch (IOException ignored) {
                            // the process is gone
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return;
                }
            }
            throw new IOException("the chat server did not start");
        }

        /** SIGKILL: no shutdown hook, no flush, no close; what is on disk is all that is left. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1}) // a seed costs a JVM that is killed; another seed is another moment of the same proof
    @DisplayName("§10.2 the server is killed at a random moment while alice sends to bob (offline); after a restart bob gets every stored message once")
    void losesNoStoredMessageWhenKilled(long seed, @TempDir Path data) throws Exception {
        int killAfter = 5 + new Random(seed).nextInt(30);
        List<String> stored = new CopyOnWriteArrayList<>();
        try (ServerProcess server = new ServerProcess(data)) {
            try (Peer bob = new Peer(server.address)) {
                bob.register("bob");
            }
            try (Peer alice = new Peer(server.address)) {
                alice.register("alice");
                alice.login("alice");
                CompletableFuture<Void> sending = Background.call(() -> {
                    try {
                        for (int i = 1; i <= 1_000; i++) {
                            alice.send("bob", "message " + i, i);
                        }
                    } catch (IOException killed) {
                        // the server died under us
                    }
                    return null;
                });
                try {
                    while (true) {
                        ObjectNode status = alice.next("status");
                        assertThat(status.path("status").asText()).isEqualTo("stored");
                        stored.add("message " + status.path("id").asLong());
                        if (stored.size() == killAfter) {
                            server.kill(); // more sends are in flight: some stored, some not, one maybe half-written
                        }
                    }
                } catch (IOException connectionGone) {
                    // expected: the server is dead
                }
                sending.get(20, TimeUnit.SECONDS);
            }
        }
        assertThat(stored).hasSizeGreaterThanOrEqualTo(killAfter);

        // Only the killed server needs a process of its own: the restart reads what it left on disk, here in this JVM.
        try (ChatService service = ChatService.open(data, ChatServiceTest.ITERATIONS, line -> { }, false);
             ThreadingTcpServer restarted = new ThreadingTcpServer(new InetSocketAddress("127.0.0.1", 0), () -> new ChatHandler(service),
                     new TcpServer.Options(), line -> { })) {
            Background.call(() -> {
                restarted.serveForever();
                return null;
            });
            assertEveryStoredMessageComesOnce(restarted.address(), stored);
        }
    }

    private static void assertEveryStoredMessageComesOnce(InetSocketAddress server, List<String> stored) throws IOException {
        try (Peer bob = new Peer(server)) {
            String welcome = bob.login("bob").path("message").asText();
            int waiting = Integer.parseInt(welcome.replaceAll("\\D*(\\d+) messages.*", "$1"));
            Set<String> received = new HashSet<>();
            for (int i = 0; i < waiting; i++) {
                ObjectNode message = bob.next("message");
                assertThat(received.add(message.path("text").asText())).as("no duplicates").isTrue();
            }
            assertThat(received).containsAll(stored);
        }
    }
}
