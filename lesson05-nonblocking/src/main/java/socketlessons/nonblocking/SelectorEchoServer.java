package socketlessons.nonblocking;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.FrameException;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * §7 the fix: one thread, many clients, and no spinning. The thread sleeps in
 * {@code select()} until the kernel says some socket is ready (I/O multiplexing: epoll on
 * Linux, kqueue on macOS), then does exactly the work that is ready. Each client's state rides
 * on its {@link SelectionKey} as the attachment: lesson04's {@link FrameDecoder}, and the
 * replies not yet written. The service is the classroom's: each framed message comes back in
 * upper case.
 *
 * <p>Writing is where NIO code usually goes wrong ({@link NaiveWriteServer} shows both ways):
 * {@code write} takes only what fits in the socket's send buffer and returns how much. What did
 * not fit waits in the client's outbound queue, {@code OP_WRITE} is asked for only while that
 * queue is not empty, and a client whose queue passes {@link Limits#maxQueuedBytes()} (it sends
 * but does not read) is cut off. A slow client never holds up the others.
 *
 * <pre>
 * selectors.DefaultSelector()                 Selector.open()
 * sel.register(sk, EVENT_READ, accept)        serverChannel.register(selector, OP_ACCEPT)
 * events = sel.select()                       selector.select(); selector.selectedKeys()
 * key.data                                    key.attachment()   (here: a Connection)
 * </pre>
 */
public final class SelectorEchoServer implements EchoServer {

    /** What the server allows: each client, and all of them together. */
    public record Limits(long maxQueuedBytes, Duration frameTimeout, int sendBufferBytes, int maxClients) {

        /**
         * 1 MiB of replies waiting; half a frame may stall 10 s; the system's send buffer (0);
         * as many clients as this process's open-files limit leaves room for.
         */
        public static final Limits DEFAULT = new Limits(1024 * 1024, Duration.ofSeconds(10), 0, clientsTheOpenFilesLimitAllows());

        public Limits withMaxQueuedBytes(long bytes) {
            return new Limits(bytes, frameTimeout, sendBufferBytes, maxClients);
        }

        public Limits withFrameTimeout(Duration timeout) {
            return new Limits(maxQueuedBytes, timeout, sendBufferBytes, maxClients);
        }

        /** SO_SNDBUF for each client (0 leaves the system's, which grows on its own on Linux). */
        public Limits withSendBufferBytes(int bytes) {
            return new Limits(maxQueuedBytes, frameTimeout, bytes, maxClients);
        }

        public Limits withMaxClients(int clients) {
            return new Limits(maxQueuedBytes, frameTimeout, sendBufferBytes, clients);
        }
    }

    /** File descriptors left for the JVM itself (class files, jars, the selector) when clients use the rest. */
    static final int SPARE_FILE_DESCRIPTORS = 64;

    /**
     * Every client is a file descriptor. A process that runs out of them fails in odd places:
     * accept() throws "Too many open files", and so does the JVM when it next opens a class
     * file (NoClassDefFoundError). So stop accepting a little before: the open-files limit
     * (ulimit -n), less what is open now, less some to spare. No limit where the JDK cannot tell.
     */
    static int clientsTheOpenFilesLimitAllows() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - SPARE_FILE_DESCRIPTORS;
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, free));
        }
        return Integer.MAX_VALUE;
    }

    static final int HEADER = 4;

    /** After a failed accept ("Too many open files", most often), wait this long before the next. */
    static final long ACCEPT_PAUSE_MILLIS = 100;

    /** One client's state: the attachment of its key. */
    private static final class Connection {
        final String peer;
        final FrameDecoder decoder;
        final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
        long queuedBytes;
        long lastReadNanos;
        boolean inputEnded; // the client shut down its side: finish writing, then close

        Connection(String peer, FrameDecoder decoder, long now) {
            this.peer = peer;
            this.decoder = decoder;
            this.lastReadNanos = now;
        }
    }

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final SelectionKey acceptKey;
    private final InetSocketAddress address;
    private final LengthPrefixCodec codec;
    private final Limits limits;
    private final Consumer<String> log;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024); // one for all: one thread reads
    private final Set<SelectionKey> partialFrames = new HashSet<>(); // clients in the middle of a frame
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long acceptPausedUntil; // nanoTime; only while acceptKey asks for nothing
    private boolean acceptPaused;
    private boolean saidFull;
    private volatile boolean running = true;
    private volatile Thread loopThread;
    // Written by the event loop only; volatile so that tests and the demo can read them.
    private volatile int clients;
    private volatile long queuedBytes;
    private volatile long wakeups;
    private volatile long replies;

    public SelectorEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Limits limits, Consumer<String> log)
            throws IOException {
        this.codec = codec;
        this.limits = limits;
        this.log = log;
        selector = Selector.open();
        serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.bind(address, 4096); // a deep backlog: thousands of clients may connect at once
            serverChannel.configureBlocking(false);
            acceptKey = serverChannel.register(selector, SelectionKey.OP_ACCEPT);
            this.address = (InetSocketAddress) serverChannel.getLocalAddress();
        } catch (IOException e) {
            serverChannel.close();
            selector.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    /** Starts the event loop on a thread of its own. */
    @Override
    public SelectorEchoServer start() {
        Thread thread = new Thread(this::run, "selector");
        thread.setDaemon(true);
        loopThread = thread;
        thread.start();
        return this;
    }

    /** The event loop, on one thread, until {@link #close()}. */
    private void run() {
        try {
            while (running) {
                // Sleep until a socket is ready. With half a frame pending, or accepting paused,
                // wake now and then to see to it; otherwise sleep for as long as nothing
                // happens (0 = no time limit).
                selector.select(timeoutMillis());
                wakeups++;
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove(); // forgotten, the same key comes back on every select
                    if (key.isValid() && key.isAcceptable()) {
                        accept();
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(key);
                    }
                    if (key.isValid() && key.isWritable()) {
                        flush(key);
                    }
                }
                closeStalledFrames();
                resumeAccepting();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                log.accept("event loop stopped: " + e);
            }
        } finally {
            stopped.countDown();
        }
    }

    private long timeoutMillis() {
        long timeout = partialFrames.isEmpty() ? 0 : Math.max(1, limits.frameTimeout().toMillis() / 4);
        if (acceptPaused) {
            timeout = timeout == 0 ? ACCEPT_PAUSE_MILLIS : Math.min(timeout, ACCEPT_PAUSE_MILLIS);
        }
        return timeout;
    }

    private void accept() {
        while (true) {
            if (clients >= limits.maxClients()) {
                // Full: new clients wait in the kernel's backlog until someone leaves (see close).
                if (!saidFull) {
                    log.accept("holding " + clients + " clients, the most allowed: the next wait in the backlog (said once)");
                    saidFull = true;
                }
                acceptKey.interestOps(0);
                return;
            }
            SocketChannel channel;
            try {
                channel = serverChannel.accept(); // null: no more finished handshakes waiting
            } catch (IOException e) {
                // Out of file descriptors, most often. The client stays in the backlog and
                // OP_ACCEPT would fire again at once, forever: stop asking for a moment.
                log.accept("accept: " + e + "; not accepting for " + ACCEPT_PAUSE_MILLIS + " ms");
                acceptKey.interestOps(0);
                acceptPaused = true;
                acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_MILLIS * 1_000_000;
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (limits.sendBufferBytes() > 0) {
                    channel.setOption(StandardSocketOptions.SO_SNDBUF, limits.sendBufferBytes());
                }
                FrameDecoder decoder = new FrameDecoder(codec.order(), codec.maxFrameLength());
                channel.register(selector, SelectionKey.OP_READ, new Connection(peer(channel), decoder, System.nanoTime()));
                clients++;
            } catch (IOException e) {
                log.accept("closing a new client: " + e); // gone before we could set it up
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
        }
    }

    private void resumeAccepting() {
        if (acceptPaused && System.nanoTime() - acceptPausedUntil >= 0) {
            acceptPaused = false;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    private void read(SelectionKey key) {
        Connection conn = (Connection) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            readBuffer.clear();
            int n = channel.read(readBuffer); // never blocks: the key said bytes are there
            if (n == -1) {
                endOfInput(key, conn);
                return;
            }
            conn.lastReadNanos = System.nanoTime();
            readBuffer.flip();
            conn.decoder.feed(readBuffer, body -> reply(key, conn, body));
            if (conn.queuedBytes > limits.maxQueuedBytes()) {
                close(key, "cut off: " + conn.queuedBytes + " bytes of replies waiting (it sends but does not read)");
                return;
            }
            if (conn.decoder.hasPartialFrame()) {
                partialFrames.add(key);
            } else {
                partialFrames.remove(key);
            }
        } catch (FrameException e) {
            close(key, e.getMessage()); // a negative or oversized length: the stream cannot be trusted
        } catch (IOException e) {
            close(key, e.toString()); // a reset, most often
        }
    }

    /** The client has nothing more to say; it may still be reading our replies. */
    private void endOfInput(SelectionKey key, Connection conn) {
        conn.inputEnded = true;
        if (conn.decoder.hasPartialFrame()) {
            close(key, "the stream ended inside a frame");
        } else if (conn.outbound.isEmpty()) {
            close(key, null);
        } else {
            key.interestOps(SelectionKey.OP_WRITE); // finish writing, then close (see flush)
        }
    }

    /** Queues the upper-cased frame, writing at once what the socket takes. */
    private void reply(SelectionKey key, Connection conn, ByteBuffer body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(HEADER + body.remaining()).order(codec.order());
        frame.putInt(body.remaining());
        Upper.copy(body, frame);
        frame.flip();
        replies++;
        if (conn.outbound.isEmpty()) {
            ((SocketChannel) key.channel()).write(frame); // may take all, part, or nothing
        }
        if (frame.hasRemaining()) {
            conn.outbound.add(frame); // behind earlier replies: order is kept
            conn.queuedBytes += frame.remaining();
            queuedBytes += frame.remaining();
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** Writes queued replies while the socket takes them; stops asking for OP_WRITE once empty. */
    private void flush(SelectionKey key) {
        Connection conn = (Connection) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            while (!conn.outbound.isEmpty()) {
                ByteBuffer head = conn.outbound.peek();
                int written = channel.write(head);
                conn.queuedBytes -= written;
                queuedBytes -= written;
                if (head.hasRemaining()) {
                    return; // the send buffer is full again: wait for the next OP_WRITE
                }
                conn.outbound.poll();
            }
            if (conn.inputEnded) {
                close(key, null); // every reply is written: now the conversation is over
                return;
            }
            key.interestOps(SelectionKey.OP_READ); // left on, OP_WRITE would fire at once, forever
        } catch (IOException e) {
            close(key, e.toString());
        }
    }

    /** Half a frame and then silence: a client that will never finish it costs us a socket. */
    private void closeStalledFrames() {
        if (partialFrames.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long timeout = limits.frameTimeout().toNanos();
        List<SelectionKey> stalled = new ArrayList<>();
        for (SelectionKey key : partialFrames) {
            if (now - ((Connection) key.attachment()).lastReadNanos >= timeout) {
                stalled.add(key);
            }
        }
        for (SelectionKey key : stalled) {
            close(key, "half a frame, then nothing for " + limits.frameTimeout().toMillis() + " ms");
        }
    }

    private void close(SelectionKey key, String why) {
        Connection conn = (Connection) key.attachment();
        partialFrames.remove(key);
        queuedBytes -= conn.queuedBytes; // the queue goes with the connection
        clients--;
        if (!acceptPaused && acceptKey.interestOps() == 0) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT); // there is room again
        }
        if (why != null) {
            log.accept("closing " + conn.peer + ": " + why);
        }
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    private static String peer(SocketChannel channel) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        return remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    /** Clients connected now. */
    public int clients() {
        return clients;
    }

    /** Bytes of replies waiting in all outbound queues now. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Frames answered so far: each written or queued. */
    public long replies() {
        return replies;
    }

    /** How many times {@code select()} has returned: the loop's rounds. Idle, it stays put. */
    public long wakeups() {
        return wakeups;
    }

    /** CPU time the event loop's thread has used so far (the JVM's per-thread CPU clock). */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; this lesson builds on 17
    public long cpuNanos() {
        Thread thread = loopThread;
        return thread == null ? 0 : ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        if (loopThread != null) {
            try {
                stopped.await(); // the loop has left select(): now its sockets can be closed safely
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("server", args));
    }
}
