package socketlessons.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Run in a JVM of its own with a small heap ({@code RelayTest}): three clients send 8 MiB each
 * through a {@link SniffingRelay} to a server that reads and discards. With {@code keep} the
 * relay's tap keeps every byte, as the relay once did itself; with {@code print} it prints and
 * forgets. For each tap named, one after another: prints {@code TAP: relayed N bytes}, or dies
 * with exit code 3 on any uncaught error.
 */
final class RelayMemory {

    static final int CLIENTS = 3;
    static final int BYTES_PER_CLIENT = 8 << 20;

    public static void main(String[] taps) throws Exception {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            System.err.println(thread.getName() + ": " + e);
            System.err.flush();
            Runtime.getRuntime().halt(3);
        });
        for (String tap : taps) {
            System.out.println(tap + ": relayed " + relay(tap) + " bytes");
            System.out.flush();
        }
    }

    /** Relays the clients' bytes with this tap; returns how many reached the server. */
    private static long relay(String tapName) throws Exception {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        AtomicLong printed = new AtomicLong();
        Consumer<byte[]> tap = tapName.equals("keep") ? kept::writeBytes : SniffingRelay.printing(line -> printed.addAndGet(line.length()));
        AtomicLong received = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SniffingRelay relay = new SniffingRelay("127.0.0.1", 0, (java.net.InetSocketAddress) server.getLocalSocketAddress(),
                     tap, System.err::println)) {
            Thread sink = new Thread(() -> {
                byte[] buf = new byte[64 * 1024];
                for (int i = 0; i < CLIENTS; i++) {
                    try (Socket conn = server.accept(); InputStream in = conn.getInputStream()) {
                        int n;
                        while ((n = in.read(buf)) != -1) {
                            received.addAndGet(n);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "sink");
            sink.start();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < CLIENTS; i++) { // one after another, each gone before the next
                try (Socket client = new Socket()) {
                    client.connect(relay.address(), 5_000);
                    OutputStream out = client.getOutputStream();
                    for (int sent = 0; sent < BYTES_PER_CLIENT; sent += chunk.length) {
                        out.write(chunk);
                    }
                    client.shutdownOutput();
                    client.setSoTimeout(30_000);
                    client.getInputStream().read(); // the server's end of stream, passed back by the relay
                }
            }
            sink.join(30_000);
        }
        return received.get();
    }
}
