package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Out of file descriptors for real: the server runs in a JVM of its own under {@code ulimit -n 64}
 * and this test connects until its {@code accept()} fails with "Too many open files". Each
 * accept loop must pause, say so once, and serve again once clients leave.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@DisplayName("§7 out of descriptors for real: the servers under ulimit -n 64, with more clients than descriptors")
@Execution(ExecutionMode.CONCURRENT) // each server in a JVM of its own, under a limit of its own: side by side, they wait together
@EnabledOnOs({OS.LINUX, OS.MAC}) // ulimit is a POSIX shell's; Windows has no such per-process limit on sockets
class DescriptorsTest {

    private static final String EXHAUSTED =
            "accept failed: java.io.IOException: Too many open files; trying again every 100 ms (said once, until an accept works)";

    @Test
    @DisplayName("§7 fix, for real: the guarded selector (its client limit lifted) pauses accepting, says it once, and serves again once clients leave")
    void fixesSelectorAcceptLoopWhenDescriptorsRunOutForReal() throws Exception {
        exhaustThenRecover(GuardedSelectorEchoServer.class, "--port", "0", "--max-clients", "1000");
    }

    @Test
    @DisplayName("§7 fix, for real: aio-server retries its accept after a pause, says it once, and serves again once clients leave")
    void fixesAioAcceptLoopWhenDescriptorsRunOutForReal() throws Exception {
        exhaustThenRecover(AioEchoServer.class, "--port", "0");
    }

    private static void exhaustThenRecover(Class<?> server, String... args) throws Exception {
        Clients clients = new Clients();
        List<Socket> flood = new ArrayList<>();
        try (Child child = new Child(server, args)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", child.awaitListeningPort());
            try (Socket warm = clients.connect(address)) {
                assertThat(clients.ask(warm, "warm")).isEqualTo("WARM"); // every class of an answer loaded, while files can be opened
            }
            while (!child.output().contains(EXHAUSTED)) { // one more client, until accept() runs out of descriptors
                assertThat(flood).as("no exhaustion after %d clients: %s", flood.size(), child.output()).hasSizeLessThan(1_000);
                Socket client = new Socket();
                flood.add(client);
                client.connect(address, 5_000); // the kernel completes the handshake; the backlog holds it
                if (flood.size() >= 64) {
                    child.awaitOutput(EXHAUSTED); // beyond the limit it must come
                }
            }

            for (Socket client : flood) {
                client.close();
            }
            try (Socket late = clients.connect(address)) { // in the backlog behind the ones that left, if any are still there
                late.setSoTimeout(60_000);
                assertThat(clients.ask(late, "served again")).isEqualTo("SERVED AGAIN");
            }
            child.awaitOutput("accepting again after ");
            // Said once per episode, not once per failed accept: each "accept failed" line is followed
            // by its "accepting again" line. (A busy machine may free a descriptor while the flood
            // still connects, which ends one episode and starts a second.)
            long episodes = child.output().lines().filter(line -> line.startsWith("accept failed")).count();
            long recoveries = child.output().lines().filter(line -> line.startsWith("accepting again after ")).count();
            assertThat(episodes).as(child.output()).isPositive().isEqualTo(recoveries);
            assertThat(child.output()).doesNotContain("Exception in thread");
        } finally {
            for (Socket client : flood) {
                client.close();
            }
            clients.close();
        }
    }

    /** {@code sh -c 'ulimit -n 64 && exec java -cp ... Class args'}, its output collected. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();

        Child(Class<?> mainClass, String... args) throws IOException {
            StringBuilder java = new StringBuilder("ulimit -n 64 && exec");
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
            command.addAll(List.of(args));
            for (String word : command) {
                java.append(" '").append(word.replace("'", "'\\''")).append('\'');
            }
            process = new ProcessBuilder("sh", "-c", java.toString()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            Clients.inBackground(() -> {
                try (InputStream out = process.getInputStream()) {
                    byte[] buffer = new byte[4096];
                    for (int n; (n = out.read(buffer)) != -1; ) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            });
        }

        String output() {
            return output.toString();
        }

        void awaitOutput(String text) {
            await().atMost(Duration.ofSeconds(60)).alias("the server's output to show " + text).until(() -> {
                assertThat(output().contains(text) || process.isAlive()).as("ended without printing %s: %s", text, output()).isTrue();
                return output().contains(text);
            });
        }

        int awaitListeningPort() {
            Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
            return await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = listening.matcher(output);
                assertThat(m.find(0) || process.isAlive()).as("ended without listening: %s", output).isTrue();
                return m.find(0) ? Integer.parseInt(m.group(1)) : 0;
            }, port -> port > 0);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
