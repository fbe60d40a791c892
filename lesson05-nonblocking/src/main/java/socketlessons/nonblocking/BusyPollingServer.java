package socketlessons.nonblocking;

import java.io.IOException;
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
 * many clients with one thread, and it never waits: with nobody talking it goes round the loop
 * hundreds of thousands of times a second and burns a whole core doing nothing (the teacher's
 * verdict: it raises CPU use and does a great deal of useless work). {@link SelectorEchoServer}
 * is the fix.
 *
 * <pre>
 * sk.setblocking(False)                 serverChannel.configureBlocking(false)
 * conn_lst = []                         List&lt;SocketChannel&gt; connections
 * while True:                           while (running)
 *   try: conn, addr = sk.accept()         SocketChannel conn = serverChannel.accept()  // null: nobody
 *        conn_lst.append(conn)
 *   except BlockingIOError: pass
 *   for conn in conn_lst:                 for (SocketChannel conn : connections)
 *     try: msg = conn.recv(1024)            int n = conn.read(buf)                     // 0: nothing yet
 *          if not msg: remove conn          if (n == -1) remove conn
 *          conn.send(msg.upper())           conn.write(buf)
 *     except BlockingIOError: pass
 * </pre>
 *
 * The echo is the classroom's: raw bytes back with ASCII letters in upper case, no framing.
 */
public final class BusyPollingServer implements EchoServer {

    private final ServerSocketChannel serverChannel;
    private final InetSocketAddress address;
    private final Consumer<String> log;
    private volatile boolean running = true;
    private volatile Thread loopThread;
    private volatile long loops; // written by the loop only

    public BusyPollingServer(InetSocketAddress address, Consumer<String> log) throws IOException {
        this.log = log;
        serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.bind(address, 1024);
            serverChannel.configureBlocking(false); // sk.setblocking(False): accept() returns null instead of waiting
            this.address = (InetSocketAddress) serverChannel.getLocalAddress();
        } catch (IOException e) {
            serverChannel.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public BusyPollingServer start() {
        Thread thread = new Thread(this::loop, "busy-poller");
        thread.setDaemon(true);
        loopThread = thread;
        thread.start();
        return this;
    }

    private void loop() {
        List<SocketChannel> connections = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(1024);
        AcceptPause acceptPause = new AcceptPause(log);
        long acceptAgainAt = System.nanoTime(); // after a failed accept, reads go on but accepts pause
        while (running) {
            loops++;
            if (System.nanoTime() - acceptAgainAt >= 0) {
                try {
                    SocketChannel conn = serverChannel.accept(); // never blocks: null when nobody is waiting
                    if (conn != null) {
                        acceptPause.accepted();
                        conn.configureBlocking(false);
                        connections.add(conn);
                    }
                } catch (IOException e) { // out of file descriptors, most often: say it once, not every round
                    acceptAgainAt = System.nanoTime() + acceptPause.failed(e) * 1_000_000;
                }
            }
            for (Iterator<SocketChannel> it = connections.iterator(); it.hasNext(); ) {
                SocketChannel conn = it.next();
                try {
                    buf.clear();
                    int n = conn.read(buf); // never blocks: 0 when nothing has come
                    if (n == -1) { // Python's b'': the client has closed
                        conn.close();
                        it.remove();
                    } else if (n > 0) {
                        buf.flip();
                        Upper.inPlace(buf);
                        // Like the classroom's conn.send, one write and its count ignored: fine
                        // for short replies to clients that read; NaiveWriteServer shows the rest.
                        conn.write(buf);
                    }
                } catch (IOException e) {
                    log.accept("closing a client: " + e);
                    closeQuietly(conn);
                    it.remove();
                }
            }
        }
        connections.forEach(BusyPollingServer::closeQuietly);
    }

    /** CPU time the polling thread has used so far (the JVM's per-thread CPU clock). */
    public long cpuNanos() {
        return CpuClock.nanos(loopThread);
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
        Thread thread = loopThread;
        if (thread != null) {
            try {
                thread.join(5_000); // it never sleeps, so it sees running == false at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        serverChannel.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar busy-server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("busy-server", args));
    }
}
