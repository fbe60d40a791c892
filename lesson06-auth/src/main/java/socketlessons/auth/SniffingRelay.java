package socketlessons.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * What anyone on the path sees (a Wi-Fi neighbour, a router): a TCP relay that forwards both
 * ways and shows what passes from the client, printable bytes as text and the rest as dots.
 * Through it, a plain login shows its password; a TLS login shows only ciphertext.
 */
public final class SniffingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Consumer<String> show;
    private final ByteArrayOutputStream fromClients = new ByteArrayOutputStream();

    public SniffingRelay(String host, int port, InetSocketAddress upstream, Consumer<String> show) throws IOException {
        this.upstream = upstream;
        this.show = show;
        this.listener = LoginServer.plain(host, port);
        Thread thread = new Thread(this::acceptLoop, "sniffing-relay");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Every byte that clients sent through the relay so far. */
    public byte[] captured() {
        synchronized (fromClients) {
            return fromClients.toByteArray();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(upstream, 5_000);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    show.accept("relay: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        Thread thread = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (record) {
                        synchronized (fromClients) {
                            fromClients.write(buf, 0, n);
                        }
                        show.accept("client → server: " + printable(buf, n));
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // one side went away: the try closes both
            }
        }, "sniffing " + (record ? "up" : "down"));
        thread.setDaemon(true);
        thread.start();
    }

    static String printable(byte[] buf, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = buf[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
