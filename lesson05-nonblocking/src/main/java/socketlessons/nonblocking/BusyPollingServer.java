package socketlessons.nonblocking;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * §7 the classroom's non-blocking server: {@code sk.setblocking(False)}, then one loop that
 * tries {@code accept} and tries {@code recv} on every connection, over and over. It serves
 * many clients with one thread, and it never waits: with nobody talking, it spins through the
 * loop millions of times a second and burns a whole core doing nothing (the teacher's verdict:
 * "raises CPU use, a great deal of useless work"). {@link SelectorEchoServer} is the fix.
 *
 * <pre>
 * sk.setblocking(False)                 serverChannel.configureBlocking(false)
 * try: conn, addr = sk.accept()         SocketChannel conn = serverChannel.accept()  // null: nobody
 * except BlockingIOError: pass
 * for conn in conn_lst:
 *     try: msg = conn.recv(1024)        int n = conn.read(buf)                       // 0: nothing yet
 *          if not msg: remove conn      if (n == -1) remove conn
 *     except BlockingIOError: pass
 * </pre>
 *
 * The echo is the classroom's: raw bytes back with ASCII letters in upper case (no framing).
 */
public final class BusyPollingServer implements AutoCloseable {

    private final ServerSocketChannel serverChannel;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long loops;

    public BusyPollingServer(InetSocketAddress address, Consumer<String> log) throws IOException {
        this.log = log;
        serverChannel = ServerSocketChannel.open();
        serverChannel.bind(address, 1024);
        serverChannel.configureBlocking(false);
        thread = new Thread(this::loop, "busy-poller");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) serverChannel.getLocalAddress();
    }

    private void loop() {
        List<SocketChannel> connections = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(1024);
        while (running) {
            loops++;
            try {
                SocketChannel conn = serverChannel.accept(); // never blocks: null when nobody is waiting
                if (conn != null) {
                    conn.configureBlocking(false);
                    connections.add(conn);
                }
            } catch (IOException e) {
                log.accept("accept: " + e);
            }
            for (Iterator<SocketChannel> it = connections.iterator(); it.hasNext(); ) {
                SocketChannel conn = it.next();
                try {
                    buf.clear();
                    int n = conn.read(buf); // never blocks: 0 when nothing has come
                    if (n == -1) {
                        conn.close();
                        it.remove();
                    } else if (n > 0) {
                        buf.flip();
                        Upper.inPlace(buf);
                        while (buf.hasRemaining()) {
                            conn.write(buf); // small replies; the selector server shows the right way
                        }
                    }
                } catch (IOException e) {
                    closeQuietly(conn);
                    it.remove();
                }
            }
        }
        connections.forEach(BusyPollingServer::closeQuietly);
    }

    /** CPU time the polling thread has used so far (the JVM's per-thread CPU clock). */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; this lesson runs on 17
    public long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    /** Times round the loop so far: each one a try at accept and a try at every read. */
    public long loops() {
        return loops;
    }

    private static void closeQuietly(SocketChannel conn) {
        try {
            conn.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        serverChannel.close();
    }
}
