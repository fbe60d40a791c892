package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 进度条: a bar on a terminal, plain lines elsewhere, with bytes, rate and time left")
class ProgressTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private Progress progress(boolean terminal) {
        return new Progress(new PrintWriter(text, true), terminal, now::get);
    }

    @Test
    @DisplayName("§10.2 not a terminal: one line at each tenth, with bytes, rate and time left; no \\r")
    void printsPlainLinesWhenNotATerminal() {
        Progress progress = progress(false);
        progress.start(100 << 20, 0);
        for (int mib = 1; mib <= 100; mib++) {
            now.addAndGet(10_000_000); // 1 MiB each 10 ms: 100 MiB/s
            progress.update((long) mib << 20);
        }
        progress.finish();

        assertThat(text.toString().replace(System.lineSeparator(), "\n")).doesNotContain("\r").startsWith("""
                  0%  0 B of 100.0 MiB
                 10%  10.0 MiB of 100.0 MiB, 100.0 MiB/s, 1 s left
                 20%  20.0 MiB of 100.0 MiB, 100.0 MiB/s, 1 s left
                """).endsWith("""
                 90%  90.0 MiB of 100.0 MiB, 100.0 MiB/s, 1 s left
                100%  100.0 MiB of 100.0 MiB, 100.0 MiB/s
                """);
        assertThat(text.toString().lines()).hasSize(11);
    }

    @Test
    @DisplayName("§10.2 a terminal: one line redrawn in place with \\r at most ten times a second, ended with a newline")
    void redrawsOneLineOnATerminal() {
        Progress progress = progress(true);
        progress.start(1000, 0);
        now.addAndGet(50_000_000);
        progress.update(100); // 50 ms after the last drawing: skipped
        now.addAndGet(50_000_000);
        progress.update(200);
        now.addAndGet(800_000_000);
        progress.update(1000);
        progress.finish();

        assertThat(text.toString()).isEqualTo(
                "\r[>                   ]   0%  0 B of 1000 B"
                        + "\r[====>               ]  20%  200 B of 1000 B, 2.0 KiB/s, 1 s left"
                        + "\r[====================] 100%  1000 B of 1000 B, 1.1 KiB/s" + " ".repeat(9) + System.lineSeparator()); // spaces wipe what the longer line before left
    }

    @Test
    @DisplayName("§10.2 断点续传: a resumed transfer says how much the server holds and measures the rate on the rest only")
    void saysWhereAResumeStarts() {
        Progress progress = progress(false);
        progress.start(1000 << 20, 900 << 20);
        now.addAndGet(1_000_000_000);
        progress.update(1000 << 20);

        assertThat(text.toString()).isEqualTo("""
                resuming: the server holds 900.0 MiB of 1000.0 MiB already
                 90%  900.0 MiB of 1000.0 MiB
                100%  1000.0 MiB of 1000.0 MiB, 100.0 MiB/s
                """.replace("\n", System.lineSeparator()));
    }

    @Test
    @DisplayName("§10.2 sizes in binary units with one decimal")
    void formatsBytes() {
        assertThat(Progress.bytes(1023)).isEqualTo("1023 B");
        assertThat(Progress.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Progress.bytes((2L << 30) + 1)).isEqualTo("2.0 GiB");
    }
}
