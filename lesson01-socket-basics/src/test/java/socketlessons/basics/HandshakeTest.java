package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§2.1 三次握手/四次挥手: the handshake and the close")
class HandshakeTest {

    @Test
    @DisplayName("§4.1 三次握手: connect() returns before the server calls accept(); the kernel did the handshake")
    void reproducesConnectReturningBeforeAccept() throws Exception {
        try (ServerSocket sk = new ServerSocket()) {
            sk.bind(new InetSocketAddress("127.0.0.1", 0), 50);
            // Nobody calls accept() yet.
            try (Socket client = new Socket()) {
                client.connect(sk.getLocalSocketAddress(), 5_000);
                assertThat(client.isConnected()).isTrue();
                // The client can even send: the bytes wait in the server's kernel buffer.
                client.getOutputStream().write("sent before accept".getBytes(StandardCharsets.UTF_8));

                try (Socket conn = sk.accept()) {
                    conn.setSoTimeout(5_000);
                    assertThat(readExactly(conn.getInputStream(), 18)).isEqualTo("sent before accept");
                }
            }
        }
    }

    @Test
    @DisplayName("§4.1 listen(n) backlog: several clients connect while the server accepts none, then it takes them in order")
    void showsBacklogHoldingFinishedHandshakesUntilAccept() throws Exception {
        try (ServerSocket sk = new ServerSocket()) {
            sk.bind(new InetSocketAddress("127.0.0.1", 0), 50);
            Socket[] clients = new Socket[3];
            try {
                for (int i = 0; i < clients.length; i++) {
                    clients[i] = new Socket();
                    clients[i].connect(sk.getLocalSocketAddress(), 5_000);
                    clients[i].getOutputStream().write(("client " + i).getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < clients.length; i++) {
                    try (Socket conn = sk.accept()) {
                        conn.setSoTimeout(5_000);
                        assertThat(conn.getPort()).isEqualTo(clients[i].getLocalPort());
                        assertThat(readExactly(conn.getInputStream(), 8)).isEqualTo("client " + i);
                    }
                }
            } finally {
                for (Socket c : clients) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("§2.1 四次挥手: when one side closes, the other's read() returns -1, and keeps returning -1")
    void reproducesReadReturningMinusOneForeverAfterPeerCloses() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1", sk.getLocalPort());
             Socket conn = sk.accept()) {
            conn.setSoTimeout(5_000);
            client.close();

            InputStream in = conn.getInputStream();
            byte[] buf = new byte[1024];
            // Python's recv returns b'' here; the course's chat loop then spins (lesson02).
            assertThat(in.read(buf)).isEqualTo(-1);
            assertThat(in.read(buf)).isEqualTo(-1);
            assertThat(in.read(buf)).isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("§2.1 四次挥手: half-close: after shutdownOutput() the peer reads -1 but can still answer")
    void fixesEndOfStreamByHalfClosingAndReadingTheAnswer() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1", sk.getLocalPort());
             Socket conn = sk.accept()) {
            conn.setSoTimeout(5_000);
            client.setSoTimeout(5_000);
            client.getOutputStream().write("byebye".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput(); // FIN: "I have nothing more to say", but the socket still reads

            InputStream in = conn.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("byebye");
            conn.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
            conn.close();

            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
        }
    }

    @Test
    @DisplayName("§2.1 after the peer has gone, writing fails: Broken pipe or Connection reset")
    void reproducesWriteFailingAfterPeerClosed() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1", sk.getLocalPort());
             Socket conn = sk.accept()) {
            client.close();
            conn.setSoTimeout(5_000);
            assertThat(conn.getInputStream().read()).isEqualTo(-1);

            OutputStream out = conn.getOutputStream();
            // The first write is accepted by our kernel; the peer's kernel answers it with RST,
            // and a later write fails. Keep writing until it does.
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1_000; i++) {
                    out.write(new byte[1024]);
                    out.flush();
                }
            }).isInstanceOf(SocketException.class)
                    .hasMessageMatching("(?i).*(broken pipe|connection reset|connection abort).*");
        }
    }

    private static String readExactly(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
