package socketlessons.homework.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands between one client and the server and cuts the connection, both ways with a reset,
 * once exactly {@code cutAfter} bytes have gone from the client to the server: a cable pulled
 * at a chosen byte. What the server sends goes back untouched. With a {@code release} latch it
 * holds the connection at the cut (forwarding nothing more) until the test has seen the server
 * take every byte that passed, so the reset cannot throw away bytes still in flight.
 */
final class CuttingRelay implements AutoCloseable {

    private final ServerSocket listener = new ServerSocket();
    private final ExecutorService pumps = Executors.newFixedThreadPool(3);
    private final java.util.concurrent.atomic.AtomicLong passedToServer = new java.util.concurrent.atomic.AtomicLong();
    private volatile Socket client;
    private volatile Socket upstream;

    CuttingRelay(InetSocketAddress server, long cutAfter) throws IOException {
        this(server, cutAfter, null);
    }

    CuttingRelay(InetSocketAddress server, long cutAfter, java.util.concurrent.CountDownLatch release) throws IOException {
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        pumps.submit(() -> {
            try (Socket c = listener.accept(); Socket u = new Socket()) {
                client = c;
                upstream = u;
                u.connect(server, 10_000);
                pumps.submit(() -> pump(u.getInputStream(), c.getOutputStream(), Long.MAX_VALUE, new java.util.concurrent.atomic.AtomicLong()));
                pump(c.getInputStream(), u.getOutputStream(), cutAfter, passedToServer);
                if (release != null && passedToServer.get() == cutAfter) {
                    release.await();
                }
                abort(c);
                abort(u);
            }
            return null;
        });
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", listener.getLocalPort());
    }

    /** Copies until the end of the stream or until {@code limit} bytes have passed. */
    private static Void pump(InputStream in, OutputStream out, long limit, java.util.concurrent.atomic.AtomicLong passed) throws IOException {
        byte[] buffer = new byte[8192];
        while (passed.get() < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - passed.get())); // never past the cut
            if (n == -1) {
                break;
            }
            out.write(buffer, 0, n);
            out.flush();
            passed.addAndGet(n);
        }
        return null;
    }

    /** Bytes the relay has passed from the client to the server so far. */
    long passedToServer() {
        return passedToServer.get();
    }

    /** Close with a reset (SO_LINGER 0): the peer's next read or write fails at once. */
    private static void abort(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : new Socket[] {client, upstream}) {
            if (s != null) {
                s.close();
            }
        }
        pumps.shutdownNow();
    }
}
