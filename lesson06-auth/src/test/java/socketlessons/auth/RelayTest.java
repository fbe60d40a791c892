package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.Background;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 the sniffing relay: it prints what passes, and forgets it")
class RelayTest {

    @TempDir
    static Path dir;
    /**
     * {@link RelayMemory} in one JVM with a 16 MiB heap (a JVM start is the costly part): first
     * the relay that prints and forgets, then the one that keeps every byte, which ends the JVM.
     */
    static Process both;

    @BeforeAll
    static void startBoth() throws IOException {
        both = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), RelayMemory.class.getName(), "print", "keep"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("both.txt").toFile()).start();
    }

    @AfterAll
    static void stopBoth() {
        both.destroyForcibly();
    }

    /** Its exit code, then the lines it printed. */
    private static List<String> result() throws IOException, InterruptedException {
        if (!both.waitFor(50, TimeUnit.SECONDS)) {
            both.destroyForcibly();
            throw new AssertionError("the relays' JVM did not end in 50 s");
        }
        List<String> result = new java.util.ArrayList<>(List.of("exit " + both.exitValue()));
        result.addAll(Files.readAllLines(dir.resolve("both.txt"), StandardCharsets.UTF_8));
        return result;
    }

    private static final String PRINTED_ALL = "print: relayed " + RelayMemory.CLIENTS * RelayMemory.BYTES_PER_CLIENT + " bytes";

    @Test
    @DisplayName("§10.2 a relay that keeps every byte it relayed: 24 MiB through three clients that all left, and a 16 MiB heap runs out")
    void reproducesRelayKeepingEverything() throws Exception {
        List<String> result = result();
        assertThat(result.get(0)).isEqualTo("exit 3");
        assertThat(result.get(1)).as("the printing relay ran first, and to its end").isEqualTo(PRINTED_ALL);
        assertThat(result.subList(2, result.size())).as("then the keeping one").anyMatch(line -> line.contains("OutOfMemoryError"));
    }

    @Test
    @DisplayName("§10.2 fix: print and forget: the same 24 MiB pass through the relay in a 16 MiB heap")
    void fixesRelayMemoryByPrintingAndForgetting() throws Exception {
        assertThat(result()).element(1).as("any error would have ended the JVM before this line").isEqualTo(PRINTED_ALL);
    }

    @Test
    @DisplayName("§10.2 bad input: the relay takes a bounded number of connections (two threads each); one more is closed at once, and a freed slot serves again")
    void boundsTheRelayedConnections() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SniffingRelay relay = new SniffingRelay("127.0.0.1", 0, (InetSocketAddress) echo.getLocalSocketAddress(),
                     piece -> { }, log::add, 1)) {
            Background.call(() -> { // an echo server for each connection the relay makes
                while (true) {
                    Socket conn = echo.accept();
                    Background.call(() -> {
                        try (conn) {
                            conn.getInputStream().transferTo(conn.getOutputStream());
                        }
                        return null;
                    });
                }
            });
            try (Socket first = new Socket()) {
                first.connect(relay.address(), 5_000);
                first.setSoTimeout(10_000);
                first.getOutputStream().write('a');
                assertThat(first.getInputStream().read()).as("relayed, and echoed").isEqualTo('a');
                try (Socket second = new Socket()) {
                    second.connect(relay.address(), 5_000);
                    second.setSoTimeout(10_000);
                    assertThat(HangUp.readUntilHungUp(second)).as("closed at once").isEmpty();
                }
                assertThat(log).containsExactly("relay: refused a connection: 1 relayed already");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Socket third = new Socket()) {
                    third.connect(relay.address(), 5_000);
                    third.setSoTimeout(10_000);
                    third.getOutputStream().write('c');
                    assertThat(third.getInputStream().read()).isEqualTo('c');
                }
            });
        }
    }
}
