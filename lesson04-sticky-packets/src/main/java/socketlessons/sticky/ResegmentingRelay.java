package socketlessons.sticky;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import socketlessons.basics.cli.Cli;

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
 *
 * <p>It lives in main, not in the tests, so that you can put it between any client and
 * server of this course ({@code relay} subcommand) and watch what slicing does to them.
 *
 * <p>A {@link Tap} sees each chunk as it passes: lesson06's {@code SniffingRelay} is this relay,
 * unsliced ({@link #tapping}), showing what a client sends. The relay keeps nothing it has
 * forwarded, and a tap should not either: print it and forget it.
 */
public final class ResegmentingRelay implements AutoCloseable {

    /** Sees each chunk the relay reads, before it is forwarded: a copy of its own, to show and drop. */
    @FunctionalInterface
    public interface Tap {
        void seen(boolean toServer, byte[] chunk);
    }

    /** Connections relayed at once (two threads each); one more is closed at once. */
    public static final int MAX_CONNECTIONS = 64;
    /** {@code maxSlice} for a relay that forwards each read as it came ({@link #tapping}). */
    private static final int UNSLICED = Integer.MAX_VALUE;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long seed;
    private final int maxSlice;
    private final int maxDelayMicros;
    private final Consumer<String> log;
    private final Consumer<String> errors;
    private final Tap tap; // null: none
    private final int maxConnections;
    private final Semaphore slots;
    private final Set<Socket> open = new HashSet<>();
    private final AtomicLong writes = new AtomicLong();
    private int endedConnections;

    /** A relay on a free port of the upstream's address (what tests use). */
    public ResegmentingRelay(InetSocketAddress upstream, long seed, int maxSlice, int maxDelayMicros, Consumer<String> log)
            throws IOException {
        this(new InetSocketAddress(upstream.getAddress(), 0), upstream, seed, maxSlice, maxDelayMicros, log);
    }

    /**
     * @param listen where clients connect (port 0: any free one)
     * @param upstream the real server
     * @param seed the same seed gives the same slice sizes and delays
     * @param maxSlice each forwarded write carries 1 to maxSlice bytes
     * @param maxDelayMicros each write waits 0 to maxDelayMicros first
     */
    public ResegmentingRelay(InetSocketAddress listen, InetSocketAddress upstream, long seed, int maxSlice, int maxDelayMicros,
            Consumer<String> log) throws IOException {
        this(listen, upstream, seed, maxSlice, maxDelayMicros, MAX_CONNECTIONS, null, log, log);
    }

    /**
     * A relay that forwards each read as it came, no slices, no delays, and shows each chunk to
     * {@code tap} as it passes (lesson06's {@code SniffingRelay}).
     *
     * @param errors only what went wrong (a refused connection, an upstream that cannot be reached)
     */
    public static ResegmentingRelay tapping(InetSocketAddress listen, InetSocketAddress upstream, int maxConnections, Tap tap,
            Consumer<String> errors) throws IOException {
        return new ResegmentingRelay(listen, upstream, 0, UNSLICED, 0, maxConnections, tap, line -> { }, errors);
    }

    private ResegmentingRelay(InetSocketAddress listen, InetSocketAddress upstream, long seed, int maxSlice, int maxDelayMicros,
            int maxConnections, Tap tap, Consumer<String> log, Consumer<String> errors) throws IOException {
        if (maxSlice < 1 || maxDelayMicros < 0 || maxConnections < 1) {
            throw new IllegalArgumentException("maxSlice and maxConnections must be 1 or more and maxDelayMicros 0 or more");
        }
        this.upstream = upstream;
        this.seed = seed;
        this.maxSlice = maxSlice;
        this.maxDelayMicros = maxDelayMicros;
        this.maxConnections = maxConnections;
        this.slots = new Semaphore(maxConnections);
        this.tap = tap;
        this.log = log;
        this.errors = errors;
        this.listener = new ServerSocket();
        try {
            listener.bind(listen, 50);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        Thread acceptor = new Thread(this::acceptLoop, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Run from an IDE: the same as {@code java -jar lesson04-sticky-packets.jar relay} (listens on 9001, forwards to 9000). */
    public static void main(String[] args) {
        Launcher.main(Cli.prepend("relay", args));
    }

    /** Where clients connect instead of the server. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** How many writes the relay has made so far, both ways: each one a slice. */
    public long forwardedWrites() {
        return writes.get();
    }

    private void acceptLoop() {
        long connection = 0;
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    errors.accept("relay: accept failed: " + e);
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                errors.accept("relay: refused a connection: " + maxConnections + " relayed already");
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 5_000);
                // Small writes must leave as they are, not be merged again by Nagle.
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                errors.accept("relay: cannot reach " + upstream + ": " + e.getMessage());
                closeQuietly(client, server); // the client sees its connection end at once
                slots.release();
                ended();
                continue;
            }
            log.accept("relay: " + peer(client) + " -> " + peer(server));
            Pair pair = new Pair(client, server);
            Random random = new Random(seed + connection++);
            pump(pair, client, server, new Random(random.nextLong()), true);
            pump(pair, server, client, new Random(random.nextLong()), false);
        }
    }

    /** One relayed connection: two sockets, two pumps; closed when both pumps are done. */
    private final class Pair {
        private final Socket client;
        private final Socket server;
        private final AtomicInteger running = new AtomicInteger(2);

        Pair(Socket client, Socket server) {
            this.client = client;
            this.server = server;
            remember(client, server);
        }

        void closeBoth() {
            closeQuietly(client, server);
        }

        void pumpDone() {
            if (running.decrementAndGet() == 0) {
                closeBoth();
                forget(client, server);
                slots.release();
                ended();
            }
        }
    }

    private synchronized void remember(Socket... sockets) {
        open.addAll(List.of(sockets));
    }

    private synchronized void forget(Socket... sockets) {
        open.removeAll(List.of(sockets));
    }

    private synchronized void ended() {
        endedConnections++;
        notifyAll();
    }

    /** Waits until {@code n} relayed connections have ended, both ways. */
    public synchronized void awaitEndedConnections(int n) throws InterruptedException {
        while (endedConnections < n) {
            wait();
        }
    }

    /** Copies one direction in random slices, showing each read to the tap; passes the end of stream on as a half-close. */
    private void pump(Pair pair, Socket from, Socket to, Random random, boolean toServer) {
        String direction = toServer ? "to server" : "to client";
        Thread pump = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            long bytes = 0;
            long slices = 0;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (tap != null) {
                        tap.seen(toServer, Arrays.copyOf(buf, n)); // a copy: buf is read into again at once
                    }
                    for (int off = 0; off < n; ) {
                        int slice = maxSlice == UNSLICED ? n : Math.min(n - off, 1 + random.nextInt(maxSlice));
                        if (maxDelayMicros > 0) {
                            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(maxDelayMicros + 1)));
                        }
                        out.write(buf, off, slice); // one write, one slice: TCP_NODELAY sends it as it is
                        off += slice;
                        slices++;
                        writes.incrementAndGet();
                    }
                    bytes += n;
                }
                to.shutdownOutput(); // pass the FIN on; the other way may still be talking
                log.accept("relay " + direction + ": " + bytes + " bytes in " + slices + " slices, then end of stream");
            } catch (SocketException e) {
                pair.closeBoth(); // a reset or a close on one side: end the other side too
            } catch (IOException e) {
                errors.accept("relay " + direction + ": " + e);
                pair.closeBoth();
            } finally {
                pair.pumpDone();
            }
        }, "relay " + direction);
        pump.setDaemon(true);
        pump.start();
    }

    private static String peer(Socket socket) {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
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
        open.clear();
    }
}
