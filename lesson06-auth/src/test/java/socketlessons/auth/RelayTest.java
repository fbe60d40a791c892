package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
}
