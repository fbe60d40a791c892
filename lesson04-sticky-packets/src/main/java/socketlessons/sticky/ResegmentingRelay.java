package socketlessons.sticky;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A TCP proxy on loopback that forwards the byte stream in random slices with small random
 * delays, both ways: what a long, busy network path does to a stream, made repeatable by a
 * seed. Every byte arrives, in order; only the cuts between reads move. A protocol that
 * survives this relay survives TCP.
 *
 * <pre>
 * client ──connect──▶ relay :port ──connect──▶ server
 *        ◀── slices ──            ◀── slices ──
 * </pre>
 */
public final class ResegmentingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long seed;
    private final int maxSlice;
    private final int maxDelayMicros;
    private final Consumer<String> log;
    private final List<Socket> open = new ArrayList<>();
    private final Thread acceptor;

    /**
     * @param upstream the real server
     * @param seed the same seed gives the same slice sizes and delays
     * @param maxSlice each forwarded write carries 1 to maxSlice bytes
     * @param maxDelayMicros each write waits 0 to maxDelayMicros first
     */
    public ResegmentingRelay(InetSocketAddress upstream, long seed, int maxSlice, int maxDelayMicros, Consumer<String> log)
            throws IOException {
        this.upstream = upstream;
        this.seed = seed;
        this.maxSlice = maxSlice;
        this.maxDelayMicros = maxDelayMicros;
        this.log = log;
        this.listener = new ServerSocket(0, 50, upstream.getAddress());
        this.acceptor = new Thread(this::acceptLoop, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where clients connect instead of the server. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void acceptLoop() {
        long connection = 0;
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(upstream, 5_000);
                // Small writes must leave as they are, not be merged again by Nagle.
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                remember(client, server);
                Random random = new Random(seed + connection++);
                pump(client, server, new Random(random.nextLong()), "to server");
                pump(server, client, new Random(random.nextLong()), "to client");
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.accept("relay: " + e);
                }
            }
        }
    }

    private synchronized void remember(Socket... sockets) {
        open.addAll(List.of(sockets));
    }

    /** Copies one direction in random slices; passes the end of stream on as a half-close. */
    private void pump(Socket from, Socket to, Random random, String direction) {
        Thread pump = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) != -1) {
                    for (int off = 0; off < n; ) {
                        int slice = Math.min(n - off, 1 + random.nextInt(maxSlice));
                        if (maxDelayMicros > 0) {
                            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(maxDelayMicros + 1)));
                        }
                        out.write(buf, off, slice);
                        out.flush();
                        off += slice;
                    }
                }
                to.shutdownOutput();
            } catch (SocketException e) {
                closeQuietly(from, to); // a reset on one side: reset the other too
            } catch (IOException e) {
                log.accept("relay " + direction + ": " + e);
                closeQuietly(from, to);
            }
        }, "relay " + direction);
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        listener.close();
        closeQuietly(open.toArray(new Socket[0]));
    }
}
