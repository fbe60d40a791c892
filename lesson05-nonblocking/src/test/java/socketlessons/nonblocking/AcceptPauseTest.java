package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every accept loop of the lesson does when accept() fails ("Too many open files" under
 * {@code ulimit -n}, reproduced by hand as the notes show): a pause between tries, and one log
 * line when the failures start and one when they end, however many failures come between.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§7 accept() fails: pause between tries, say it once per episode")
class AcceptPauseTest {

    final List<String> log = new CopyOnWriteArrayList<>();
    final AcceptPause pause = new AcceptPause(log::add);
    final IOException tooMany = new IOException("Too many open files");

    @Test
    @DisplayName("§7 fix: 10,000 failed accepts in a row are one line, and the next accept that works is one more; each failure asks for a 100 ms pause")
    void failuresAreSaidOncePerEpisode() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(pause.failed(tooMany)).isEqualTo(AcceptPause.MILLIS);
        }
        pause.accepted();
        pause.accepted();
        pause.failed(tooMany); // a new episode

        assertThat(log).containsExactly(
                "accept failed: java.io.IOException: Too many open files; trying again every 100 ms (said once, until an accept works)",
                "accepting again after 10000 failed accepts",
                "accept failed: java.io.IOException: Too many open files; trying again every 100 ms (said once, until an accept works)");
    }

    @Test
    @DisplayName("§7 fix, in a selector loop: OP_ACCEPT is dropped for the pause (no busy loop), select() wakes when it is over, and OP_ACCEPT is back")
    void selectorLoopStopsAskingForAcceptDuringThePause() throws Exception {
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(Clients.ANY_PORT);
            server.configureBlocking(false);
            SelectionKey acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
            assertThat(pause.selectTimeoutMillis()).as("not paused: select() without a time limit").isZero();

            long start = System.nanoTime();
            pause.pause(acceptKey, tooMany);

            assertThat(acceptKey.interestOps()).isZero();
            assertThat(pause.paused()).isTrue();
            assertThat(pause.selectTimeoutMillis()).isBetween(1L, AcceptPause.MILLIS);
            while (pause.paused()) {
                selector.select(pause.selectTimeoutMillis()); // as the servers' loops do
                pause.resumeIfDue(acceptKey);
            }
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(AcceptPause.MILLIS));
            assertThat(acceptKey.interestOps()).isEqualTo(SelectionKey.OP_ACCEPT);
            assertThat(log).hasSize(1);
        }
    }
}
