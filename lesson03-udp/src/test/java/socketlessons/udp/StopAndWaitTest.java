package socketlessons.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§5 loss and reordering, and stop-and-wait")
class StopAndWaitTest {

    /** Blocking tasks run on threads of the test's own, never on the common pool. */
    private final ExecutorService tasks = Executors.newCachedThreadPool();

    @AfterEach
    void stopTasks() {
        tasks.shutdownNow();
    }

    private static final int MESSAGES = 100;

    private static List<String> numbered() {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            messages.add("message " + i);
        }
        return messages;
    }

    @Test
    @DisplayName("§5 through a lossy relay (30% dropped, 10% swapped, seeded), plain UDP loses messages and mixes their order")
    void reproducesLossAndReorderingWithPlainUdp() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             LossyRelay relay = new LossyRelay((java.net.InetSocketAddress) server.getLocalSocketAddress(), 5, 0.3, 0.1);
             DatagramSocket client = new DatagramSocket()) {
            List<String> received = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> receiving = CompletableFuture.runAsync(() -> {
                byte[] buf = new byte[1024];
                try {
                    while (true) {
                        DatagramPacket packet = new DatagramPacket(buf, buf.length);
                        server.receive(packet);
                        received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                    }
                } catch (SocketException closed) {
                    // the test is over
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, tasks);
            for (String message : numbered()) {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(bytes, bytes.length, relay.address()));
            }
            // Every datagram has been dealt with once the relay has seen all 100 (forwarded, dropped or still held).
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() + relay.dropped() >= MESSAGES - 1);

            assertThat(relay.dropped()).isPositive();
            assertThat(received).hasSizeLessThan(MESSAGES);
            assertThat(received).isNotEqualTo(numbered().subList(0, received.size()));
            server.close();
            receiving.join();
        }
    }

    @Test
    @DisplayName("§5 fix: stop-and-wait (numbers, timeout, retry; repeats acknowledged, not acted on) delivers every message exactly once, in order")
    void fixesLossWithStopAndWait() throws Exception {
        try (StopAndWaitReceiver receiver = new StopAndWaitReceiver();
             LossyRelay relay = new LossyRelay(receiver.address(), 5, 0.3, 0.1);
             StopAndWaitSender sender = new StopAndWaitSender(relay.address(), Duration.ofMillis(5), 1000)) {
            List<String> delivered = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> receiving = CompletableFuture.runAsync(() -> {
                try {
                    receiver.serve(delivered::add);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, tasks);

            for (String message : numbered()) {
                sender.send(message);
            }

            assertThat(delivered).containsExactlyElementsOf(numbered());
            assertThat(relay.dropped()).as("the relay did drop datagrams").isPositive();
            assertThat(sender.datagramsSent()).as("so some were sent more than once").isGreaterThan(MESSAGES);
            receiver.close();
            receiving.join();
        }
    }
}
