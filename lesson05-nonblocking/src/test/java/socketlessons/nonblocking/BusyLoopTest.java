package socketlessons.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static socketlessons.nonblocking.Clients.ANY_PORT;
import static socketlessons.nonblocking.Clients.soon;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§7 非阻塞IO: the classroom's busy loop, and the selector that sleeps")
class BusyLoopTest {

    @AutoClose
    final Clients clients = new Clients();
    final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    @DisplayName("§7 setblocking(False): the classroom's loop serves two connected clients with one thread")
    void busyLoopServesTwoClientsWithOneThread() throws Exception {
        BusyPollingServer server = clients.closeLater(new BusyPollingServer(ANY_PORT, log::add).start());
        Socket a = clients.connect(server.address());
        Socket b = clients.connect(server.address());
        a.getOutputStream().write("hello a".getBytes(StandardCharsets.UTF_8));
        b.getOutputStream().write("hello b".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(b.getInputStream().readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("HELLO B");
        assertThat(new String(a.getInputStream().readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("HELLO A");
    }

    @Test
    @DisplayName("§7 reproduces the busy loop's cost: with nobody connected it goes round 10,000 times for nothing")
    void reproducesBusyLoopSpinningWhileIdle() throws Exception {
        BusyPollingServer server = clients.closeLater(new BusyPollingServer(ANY_PORT, log::add).start());
        long before = server.loops();

        // Each round is an accept() that finds nobody: a system call that does no work. The
        // CPU time this burns is measured by the demo, not asserted here.
        soon().until(() -> server.loops() - before >= 10_000);
        assertThat(log).isEmpty();
    }

    @Test
    @DisplayName("§7 fix: an idle selector sleeps in select(): not one round while the busy loop goes round 10,000 times")
    void fixesSpinningWithSelectorThatSleepsWhileIdle() throws Exception {
        BusyPollingServer busy = clients.closeLater(new BusyPollingServer(ANY_PORT, log::add).start());
        SelectorEchoServer selector = clients.closeLater(
                new SelectorEchoServer(ANY_PORT, clients.codec, 0, log::add).start());
        Socket a = clients.connect(selector.address());
        assertThat(clients.ask(a, "one question")).isEqualTo("ONE QUESTION"); // a connected client, now silent

        long selectorRounds = selector.stats().wakeups();
        long busyRounds = busy.loops();
        soon().until(() -> busy.loops() - busyRounds >= 10_000);

        assertThat(selector.stats().wakeups()).as("rounds of the selector's loop while idle").isEqualTo(selectorRounds);
        assertThat(selector.stats().clients()).isEqualTo(1);
    }
}
