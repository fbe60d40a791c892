package socketlessons.sticky;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** A connected pair of sockets on loopback: {@code client} talks to {@code conn}. */
final class LoopbackPair implements AutoCloseable {

    final Socket client;
    final Socket conn;

    private LoopbackPair(Socket client, Socket conn) {
        this.client = client;
        this.conn = conn;
    }

    /** @param receiveBuffer the accepted side's SO_RCVBUF, or 0 for the system's default */
    static LoopbackPair open(int receiveBuffer) throws IOException {
        try (ServerSocket sk = new ServerSocket()) {
            if (receiveBuffer > 0) {
                sk.setReceiveBufferSize(receiveBuffer); // inherited by accepted sockets; set before the handshake
            }
            sk.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Socket client = new Socket(InetAddress.getLoopbackAddress(), sk.getLocalPort());
            Socket conn = sk.accept();
            conn.setSoTimeout(10_000);
            client.setSoTimeout(10_000);
            return new LoopbackPair(client, conn);
        }
    }

    static LoopbackPair open() throws IOException {
        return open(0);
    }

    /** Waits until at least {@code n} bytes have arrived at {@code conn}: certain timing for glue. */
    void awaitArrived(int n) {
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> conn.getInputStream().available() >= n);
    }

    @Override
    public void close() throws IOException {
        client.close();
        conn.close();
    }
}
