package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("§9 out of descriptors for real: ThreadingTcpServer under ulimit -n 64, with more clients than descriptors")
class DescriptorsTest {

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // ulimit is a POSIX shell's; Windows has no such per-process limit on sockets
    @DisplayName("§9 fix, for real: accept fails with Too many open files; the server logs it once, pauses, and serves again once clients leave")
    void fixesAcceptLoopSpinningWhenDescriptorsRunOutForReal() throws Exception {
        List<Socket> clients = new ArrayList<>();
        try (ChildJvm server = ChildJvm.startWithDescriptorLimit(64, ThreadingTcpServer.class, "--port", "0")) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.awaitListeningPort());
            String exhausted = "could not take a request: java.io.IOException: Too many open files (pausing 100 ms between tries until it works)";
            while (!server.output().contains(exhausted)) { // one more client, until accept() runs out of descriptors
                assertThat(clients).as("no exhaustion after %d clients: %s", clients.size(), server.output()).hasSizeLessThan(1_000);
                Socket client = new Socket();
                clients.add(client);
                client.connect(address, 5_000); // the kernel completes the handshake; the backlog (50) holds it
                if (clients.size() >= 64) {
                    server.awaitOutput("Too many open files"); // beyond the limit: it must come; no need to fill the backlog
                }
            }

            for (Socket client : clients) {
                client.close();
            }
            server.awaitOutput("taking requests again after ");
            try (LineClient late = new LineClient(address)) {
                assertThat(late.ask("served again")).isEqualTo("SERVED AGAIN");
            }
            assertThat(server.output().lines().filter(line -> line.startsWith("could not take a request"))).as(server.output()).hasSize(1);
            assertThat(server.output()).doesNotContain("Exception in thread");
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }
}
