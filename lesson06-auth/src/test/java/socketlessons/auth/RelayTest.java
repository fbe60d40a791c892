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
    /** The two runs of {@link RelayMemory}, started side by side: each is a JVM start. */
    static Process keeping;
    static Process printing;

    @BeforeAll
    static void startBoth() throws IOException {
        keeping = start("keep");
        printing = start("print");
    }

    @AfterAll
    static void stopBoth() {
        keeping.destroyForcibly();
        printing.destroyForcibly();
    }

    /** {@link RelayMemory} in a JVM of its own with a 16 MiB heap. */
    private static Process start(String tap) throws IOException {
        return new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), RelayMemory.class.getName(), tap))
                .redirectErrorStream(true).redirectOutput(dir.resolve(tap + ".txt").toFile()).start();
    }

    /** Its exit code, a space, then what it printed. */
    private static String result(Process child, String tap) throws IOException, InterruptedException {
        if (!child.waitFor(50, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the relay's JVM did not end in 50 s");
        }
        return child.exitValue() + " " + Files.readString(dir.resolve(tap + ".txt"), StandardCharsets.UTF_8).strip();
    }

    @Test
    @DisplayName("§10.2 a relay that keeps every byte it relayed: 24 MiB through three clients that all left, and a 16 MiB heap runs out")
    void reproducesRelayKeepingEverything() throws Exception {
        assertThat(result(keeping, "keep")).startsWith("3 ").contains("OutOfMemoryError");
    }

    @Test
    @DisplayName("§10.2 fix: print and forget: the same 24 MiB pass through the relay in a 16 MiB heap")
    void fixesRelayMemoryByPrintingAndForgetting() throws Exception {
        assertThat(result(printing, "print")).isEqualTo("0 relayed " + RelayMemory.CLIENTS * RelayMemory.BYTES_PER_CLIENT + " bytes");
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
