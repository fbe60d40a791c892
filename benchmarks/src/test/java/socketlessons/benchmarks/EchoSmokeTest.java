package socketlessons.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import socketlessons.nonblocking.EchoServer;
import socketlessons.nonblocking.LoadClient;

/** One tiny load per server, in this JVM: the servers answer the load client's frames, so the benchmark cannot rot. */
// Above the load client's own deadline in counting mode (60 s), so a starved run fails with the
// answers it missed rather than with a time-out.
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@DisplayName("benchmarks smoke: each server answers every message of a few load clients")
class EchoSmokeTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServerKind.class)
    @DisplayName("5 clients, 20 messages each, counted until all 100 are in: every answer right, no errors, the window opened and closed once")
    void everyServerAnswersTheLoadClient(ServerKind kind) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kind.available(), "the virtual-thread server needs a JDK 21+");
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        LoadClient.Window window = new LoadClient.Window() {
            @Override
            public void opened() {
                opened.incrementAndGet();
            }

            @Override
            public void closed() {
                closed.incrementAndGet();
            }
        };
        try (EchoServer server = kind.open(new InetSocketAddress("127.0.0.1", 0), log::add)) {
            server.start();

            // Twenty messages a connection, every answer counted until all are in: the same count
            // however busy the machine (not a count inside a time window).
            LoadClient.Result result = LoadClient.counting(server.address(), 5, 20, window).run();

            assertThat(result.connected()).isEqualTo(5);
            assertThat(result.errors()).as(result.toString()).isZero();
            assertThat(result.messages()).as("answers came back, each checked by the load client").isEqualTo(100);
        }
        assertThat(opened).hasValue(1);
        assertThat(closed).hasValue(1);
    }

    @org.junit.jupiter.api.Test
    @DisplayName("the load command's result line is read back field by field, its first error whole")
    void resultLineIsParsed() {
        var fields = EchoLoadBenchmark.fields("result connected=10 messages=42 seconds=1.5 p50=7 p99=9 errors=1"
                + " firstError=java.io.IOException: the server closed the connection");

        assertThat(fields).containsEntry("connected", "10").containsEntry("messages", "42").containsEntry("seconds", "1.5")
                .containsEntry("errors", "1").containsEntry("firstError", "java.io.IOException: the server closed the connection");
    }

    @org.junit.jupiter.api.Test
    @DisplayName("medians: the middle value, the mean of the middle two, NaN left out")
    void medians() {
        assertThat(Report.median(3, 1, 2)).isEqualTo(2);
        assertThat(Report.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Report.median(Double.NaN, 5)).isEqualTo(5);
        assertThat(Report.median()).isNaN();
    }

    @org.junit.jupiter.api.Test
    @DisplayName("pasted output: its # lines go in a code block, the rest stays as it is")
    void commentLinesAreFenced() {
        assertThat(Report.fenceCommentLines("# one\n# two\n\n| a |")).isEqualTo("```text\n# one\n# two\n```\n\n| a |");
    }
}
