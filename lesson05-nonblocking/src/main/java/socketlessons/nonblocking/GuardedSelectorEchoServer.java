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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * §7 what breaks at 10,000 clients, and its guards: {@link SelectorEchoServer}, the same loop
 * (accept, read, lesson04's decoder, outbound queue, {@code OP_WRITE}), with what a server
 * facing strangers needs on top. Read that class first; this one adds, each with its test:
 *
 * <ul>
 *   <li><b>A client that does not read</b> cannot make the server hold its replies without
 *       end: above {@link Limits#maxQueuedBytes()} waiting, the server stops reading from it
 *       (no new requests, no new replies) until it has taken enough; and a client that takes
 *       no byte of its replies for {@link Limits#writeTimeout()} is cut off. A client that
 *       reads is never cut off, however big its legal replies (16 MiB frames come back whole).</li>
 *   <li><b>Half a frame, then silence</b>: cut off after {@link Limits#frameTimeout()}.</li>
 *   <li><b>Half-received frames of all clients together</b> are limited to
 *       {@link Limits#maxPartialBytes()}: the client whose bytes pass it is cut off.</li>
 *   <li><b>File descriptors</b>: at most {@link Limits#maxClients()} clients (what the
 *       open-files limit leaves room for); the next wait in the kernel's backlog. A failed
 *       {@code accept()} pauses accepting ({@link AcceptPause}) instead of spinning.</li>
 *   <li><b>Numbers</b> for the tests, the demo and the benchmarks ({@link #stats()}).</li>
 * </ul>
 */
public final class GuardedSelectorEchoServer implements EchoServer {

    /** What to do with a client whose replies waiting pass the limit. */
    public enum OverQueueLimit {
        /** The first guard one writes, and wrong: a client that reads, but gets big replies, is cut off too. */
        CUT_OFF,
        /** Stop reading its requests until it has taken its replies; the write timeout cuts off one that never does. */
        STOP_READING
    }

    /** What the server allows: each client, and all of them together. */
    public record Limits(long maxQueuedBytes, OverQueueLimit overQueueLimit, Duration writeTimeout, Duration frameTimeout,
            long maxPartialBytes, int sendBufferBytes, int maxClients) {

        /**
         * 1 MiB of replies waiting, then no more reading; 10 s to take some of them; 10 s to finish
         * a frame begun; half-received frames of all clients up to a quarter of the heap; the
         * system's send buffer (0); as many clients as the open-files limit leaves room for.
         */
        public static final Limits DEFAULT = new Limits(1024 * 1024, OverQueueLimit.STOP_READING, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Runtime.getRuntime().maxMemory() / 4, 0, clientsTheOpenFilesLimitAllows());

        public Limits withMaxQueuedBytes(long bytes) {
            return new Limits(bytes, overQueueLimit, writeTimeout, frameTimeout, maxPartialBytes, sendBufferBytes, maxClients);
        }

        public Limits withOverQueueLimit(OverQueueLimit what) {
            return new Limits(maxQueuedBytes, what, writeTimeout, frameTimeout, maxPartialBytes, sendBufferBytes, maxClients);
        }

        public Limits withWriteTimeout(Duration timeout) {
            return new Limits(maxQueuedBytes, overQueueLimit, timeout, frameTimeout, maxPartialBytes, sendBufferBytes, maxClients);
        }

        public Limits withFrameTimeout(Duration timeout) {
            return new Limits(maxQueuedBytes, overQueueLimit, writeTimeout, timeout, maxPartialBytes, sendBufferBytes, maxClients);
        }

        public Limits withMaxPartialBytes(long bytes) {
            return new Limits(maxQueuedBytes, overQueueLimit, writeTimeout, frameTimeout, bytes, sendBufferBytes, maxClients);
        }

        /** SO_SNDBUF for each client (0 leaves the system's, which grows on its own on Linux). */
        public Limits withSendBufferBytes(int bytes) {
            return new Limits(maxQueuedBytes, overQueueLimit, writeTimeout, frameTimeout, maxPartialBytes, bytes, maxClients);
        }

        public Limits withMaxClients(int clients) {
            return new Limits(maxQueuedBytes, overQueueLimit, writeTimeout, frameTimeout, maxPartialBytes, sendBufferBytes, clients);
        }
    }

    /**
     * The loop's one direct buffer for replies: a reply to a body of up to half of it is framed and written there (see
     * {@link #reply}); a bigger one is seldom taken whole by the socket, and what is left would be copied again.
     */
    static final int REPLY_BUFFER_BYTES = 64 * 1024;
    /** The loop's one direct buffer every client's bytes are read into (see {@link #read}). */
    static final int READ_BUFFER_BYTES = 64 * 1024;

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

    /** One client's state: the attachment of its key. */
    private final class Connection {
        final FrameDecoder decoder = new FrameDecoder(codec.order(), codec.maxFrameLength());
        final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
        long queuedBytes;
        long partialBytes; // bytes of an unfinished frame the decoder may hold (at most one read more than it does)
        long frames;
        long lastReadNanos; // for the frame timeout
        long lastTakenNanos; // when the client last took bytes of its replies, or its queue began: for the write timeout
        boolean inputEnded; // the client shut down its side: finish writing, then close
        boolean waiting; // in waitingReplies

        Connection(long now) {
            lastReadNanos = now;
        }
    }

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final SelectionKey acceptKey;
    private final LengthPrefixCodec codec;
    private final Limits limits;
    private final Consumer<String> log;
    private final AcceptPause acceptPause;
    private final Consumer<SelectionKey> onReady = this::ready; // what select() does with each ready key
    private final ByteBuffer replyBuffer; // direct: see reply
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES); // direct, one for all: see read
    private final Set<SelectionKey> partialFrames = new HashSet<>(); // clients in the middle of a frame
    private final Set<SelectionKey> waitingReplies = new HashSet<>(); // clients with replies not yet taken
    private long nextTimeoutCheck; // nanoTime
    private boolean saidFull;
    private volatile boolean running = true;
    private volatile Thread loopThread;
    // Written by the event loop only; volatile so that tests, the demo and the benchmarks can read them.
    private volatile int clients;
    private volatile long queuedBytes;
    private volatile long partialBytes;
    private volatile long wakeups;
    private volatile long replies;

    public GuardedSelectorEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Limits limits, Consumer<String> log)
            throws IOException {
        this.codec = codec;
        this.limits = limits;
        this.log = log;
        this.acceptPause = new AcceptPause(log);
        this.nextTimeoutCheck = System.nanoTime();
        this.replyBuffer = ByteBuffer.allocateDirect(REPLY_BUFFER_BYTES).order(codec.order());
        serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.bind(address, 4096); // a deep backlog: thousands of clients may connect at once
            serverChannel.configureBlocking(false);
            selector = Selector.open();
            acceptKey = serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            serverChannel.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.socket().getLocalSocketAddress();
    }

    @Override
    public GuardedSelectorEchoServer start() {
        loopThread = new Thread(this::run, "guarded-selector");
        loopThread.setDaemon(true);
        loopThread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                // Sleep until a socket is ready, then hand each ready key to ready(): no selected-key
                // set to fill, walk and empty (at 10,000 clients, walking it took about a quarter of
                // the loop's time outside the kernel). With a timer running (half a frame, replies
                // waiting, accepting paused), wake now and then to see to it.
                selector.select(onReady, timeoutMillis());
                wakeups++;
                closeOverdue();
                acceptPause.resumeIfDue(acceptKey);
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                log.accept("event loop stopped: " + e);
            }
        }
    }

    /** 0 (sleep until something happens) unless a timer runs: then a quarter of the shortest, or the accept pause. */
    private long timeoutMillis() {
        long timeout = Long.MAX_VALUE;
        if (!partialFrames.isEmpty()) {
            timeout = Math.max(1, limits.frameTimeout().toMillis() / 4);
        }
        if (!waitingReplies.isEmpty()) {
            timeout = Math.min(timeout, Math.max(1, limits.writeTimeout().toMillis() / 4));
        }
        long pause = acceptPause.selectTimeoutMillis();
        if (pause > 0) {
            timeout = Math.min(timeout, pause);
        }
        return timeout == Long.MAX_VALUE ? 0 : timeout;
    }

    private void ready(SelectionKey key) {
        if (key.isValid() && key.isAcceptable()) {
            accept();
        } else if (key.isValid()) {
            serve(key);
        }
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
                acceptPause.pause(acceptKey, e); // out of file descriptors, most often: OP_ACCEPT would fire at once, forever
                return;
            }
            if (channel == null) {
                return;
            }
            acceptPause.accepted();
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (limits.sendBufferBytes() > 0) {
                    channel.setOption(StandardSocketOptions.SO_SNDBUF, limits.sendBufferBytes());
                }
                channel.register(selector, SelectionKey.OP_READ, new Connection(System.nanoTime()));
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

    private void serve(SelectionKey key) {
        Connection conn = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                read(key, conn);
            }
            if (key.isValid() && key.isWritable()) {
                flush(key, conn);
            }
        } catch (IOException e) {
            close(key, Peers.describe(e)); // a bad length, or a reset
        }
    }

    private void read(SelectionKey key, Connection conn) throws IOException {
        // Into the loop's one direct buffer, then lesson04's decoder takes the bytes (feed). The lesson's
        // read(decoder.buffer()) goes through a temporary direct buffer of the JDK's and lands in each
        // client's own buffer: at 10,000 clients, 8-16% fewer messages/s in alternated runs.
        int n = ((SocketChannel) key.channel()).read(readBuffer.clear());
        if (n == -1) {
            conn.inputEnded = true;
            if (conn.decoder.hasPartialFrame()) {
                close(key, "the stream ended inside a frame");
            } else {
                flush(key, conn); // write what waits, then close
            }
            return;
        }
        long now = System.nanoTime();
        conn.lastReadNanos = now;
        long framesBefore = conn.frames;
        conn.decoder.feed(readBuffer.flip(), body -> reply(key, conn, body, now));
        conn.decoder.recycle(); // each body was copied into its reply: the next reads may go over them
        if (!key.isValid()) {
            return;
        }
        if (holdPartial(key, conn, framesBefore, n)) {
            return;
        }
        if (conn.queuedBytes > limits.maxQueuedBytes()) {
            if (limits.overQueueLimit() == OverQueueLimit.CUT_OFF) {
                close(key, "cut off: " + conn.queuedBytes + " bytes of replies waiting, above the limit of "
                        + limits.maxQueuedBytes());
                return;
            }
            interest(key, conn); // not read again until it has taken its replies (see flush)
        }
    }

    /**
     * Counts what the decoder may hold of an unfinished frame, for this client and for all:
     * what came since the last whole frame (if none ended in this read, what was held before
     * too). Cuts off the client whose bytes pass the total; returns whether it did.
     */
    private boolean holdPartial(SelectionKey key, Connection conn, long framesBefore, int read) {
        long before = conn.partialBytes; // above 0 exactly while the key is in partialFrames
        long held = !conn.decoder.hasPartialFrame() ? 0 : conn.frames == framesBefore ? before + read : read;
        if (held == before) {
            return false; // the common case under load: whole frames in, none left half
        }
        partialBytes += held - before;
        conn.partialBytes = held;
        if (held == 0) {
            partialFrames.remove(key);
            return false;
        }
        if (before == 0) {
            partialFrames.add(key);
        }
        if (partialBytes > limits.maxPartialBytes()) {
            close(key, "cut off: half-received frames of all clients would hold " + partialBytes
                    + " bytes, above the limit of " + limits.maxPartialBytes());
            return true;
        }
        return false;
    }

    /**
     * Writes the upper-cased frame at once if no reply waits, else queues it behind them. Written at
     * once, it is framed in the loop's direct {@link #replyBuffer}: nothing allocated, and no second copy
     * (from a heap buffer, the JDK would first copy it into a direct buffer of its own).
     */
    private void reply(SelectionKey key, Connection conn, ByteBuffer body, long now) throws IOException {
        conn.frames++;
        replies++;
        ByteBuffer frame = conn.outbound.isEmpty() && body.remaining() <= REPLY_BUFFER_BYTES / 2
                ? Upper.replyFrame(codec, body, replyBuffer) : ByteBuffer.wrap(Upper.replyFrame(codec, body));
        if (conn.outbound.isEmpty()) {
            ((SocketChannel) key.channel()).write(frame); // may take all, part, or nothing
            if (!frame.hasRemaining()) {
                return; // all taken, the common case: nothing to remember, the interest stays as it is
            }
            conn.lastTakenNanos = now; // the write timeout counts from here
            if (frame == replyBuffer) {
                frame = ByteBuffer.allocate(frame.remaining()).put(frame).flip(); // the rest waits in a buffer of its own
            }
        }
        conn.outbound.add(frame); // behind earlier replies: order is kept
        conn.queuedBytes += frame.remaining();
        queuedBytes += frame.remaining();
        if (!conn.waiting) {
            conn.waiting = waitingReplies.add(key);
        }
        interest(key, conn);
    }

    /** Writes what waits while the socket takes it; reading and OP_WRITE follow what is left. */
    private void flush(SelectionKey key, Connection conn) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        while (!conn.outbound.isEmpty()) {
            ByteBuffer head = conn.outbound.peek();
            int written = channel.write(head);
            if (written > 0) {
                conn.lastTakenNanos = System.nanoTime();
                conn.queuedBytes -= written;
                queuedBytes -= written;
            }
            if (head.hasRemaining()) {
                if (!conn.waiting) {
                    conn.waiting = waitingReplies.add(key); // the send buffer is full: OP_WRITE will say when there is room
                }
                interest(key, conn);
                return;
            }
            conn.outbound.poll();
        }
        if (conn.waiting) {
            conn.waiting = !waitingReplies.remove(key);
        }
        if (conn.inputEnded) {
            close(key, null); // every reply is written: the conversation is over
        } else {
            interest(key, conn);
        }
    }

    /** OP_READ while the client may send more (its queue is within the limit); OP_WRITE while replies wait. */
    private void interest(SelectionKey key, Connection conn) {
        boolean reading = !conn.inputEnded && conn.queuedBytes <= limits.maxQueuedBytes();
        if (reading && (key.interestOps() & SelectionKey.OP_READ) == 0) {
            conn.lastReadNanos = System.nanoTime(); // reading again: the time it was not read does not count as its silence
        }
        key.interestOps((reading ? SelectionKey.OP_READ : 0) | (conn.outbound.isEmpty() ? 0 : SelectionKey.OP_WRITE));
    }

    /** Half a frame and silence, or replies none of which is taken: either costs us a socket and memory for nothing. */
    private void closeOverdue() {
        if (partialFrames.isEmpty() && waitingReplies.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextTimeoutCheck < 0) {
            return; // at most a few checks per timeout, however often select() returns
        }
        long frameTimeout = limits.frameTimeout().toNanos();
        long writeTimeout = limits.writeTimeout().toNanos();
        nextTimeoutCheck = now + Math.min(frameTimeout, writeTimeout) / 8;
        Map<SelectionKey, String> overdue = new LinkedHashMap<>();
        for (SelectionKey key : partialFrames) {
            Connection conn = (Connection) key.attachment();
            boolean reading = (key.interestOps() & SelectionKey.OP_READ) != 0; // not read: its silence is ours
            if (reading && now - conn.lastReadNanos >= frameTimeout) {
                overdue.put(key, "half a frame, then nothing for " + limits.frameTimeout().toMillis() + " ms");
            }
        }
        for (SelectionKey key : waitingReplies) {
            Connection conn = (Connection) key.attachment();
            if (now - conn.lastTakenNanos >= writeTimeout) {
                overdue.put(key, "cut off: " + conn.queuedBytes + " bytes of replies waiting, none taken for "
                        + limits.writeTimeout().toMillis() + " ms (it sends but does not read)");
            }
        }
        overdue.forEach(this::close);
    }

    private void close(SelectionKey key, String why) {
        if (!key.isValid()) {
            return; // closed already
        }
        Connection conn = (Connection) key.attachment();
        partialFrames.remove(key);
        waitingReplies.remove(key);
        queuedBytes -= conn.queuedBytes; // the queue goes with the connection
        partialBytes -= conn.partialBytes;
        clients--;
        if (!acceptPause.paused() && acceptKey.interestOps() == 0) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT); // there is room again
        }
        if (why != null) {
            log.accept("closing " + Peers.of(key) + ": " + why);
        }
        try {
            key.channel().close(); // and its key is cancelled
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /** What the loop has done so far. */
    public Stats stats() {
        return new Stats(clients, queuedBytes, replies, wakeups, CpuClock.nanos(loopThread));
    }

    /** Bytes of unfinished frames the decoders may hold now, all clients together. */
    public long partialBytes() {
        return partialBytes;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            if (loopThread != null) {
                loopThread.join(); // the loop has left select(): now its sockets can be closed safely
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
