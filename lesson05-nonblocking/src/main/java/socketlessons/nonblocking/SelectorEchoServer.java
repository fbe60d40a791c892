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
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.FrameException;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * §7 the fix: one thread, many clients, and no spinning. The thread sleeps in
 * {@code select()} until the kernel says some socket is ready (I/O multiplexing: epoll on
 * Linux, kqueue on macOS), then does exactly the work that is ready. Each connection's state
 * rides on its {@link SelectionKey} as an attachment: lesson04's {@link FrameDecoder}, and the
 * replies not yet written.
 *
 * <p>Writing is where NIO code usually goes wrong: {@code write} writes only what fits in the
 * socket's send buffer and returns how much. What did not fit is queued, {@code OP_WRITE} is
 * asked for only while the queue is not empty, and a client whose queue passes the limit (it
 * sends but does not read) is cut off, so one slow client never holds up the others.
 */
public final class SelectorEchoServer implements AutoCloseable {

    /** A client with more than this waiting to be written to it is cut off. */
    public static final int DEFAULT_MAX_QUEUED = 1024 * 1024;

    /** One client's state: the attachment of its key. */
    private static final class Connection {
        final String peer;
        final FrameDecoder decoder;
        final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
        long queuedBytes;
        boolean inputEnded; // the client half-closed: finish writing, then close

        Connection(String peer, FrameDecoder decoder) {
            this.peer = peer;
            this.decoder = decoder;
        }
    }

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final LengthPrefixCodec codec;
    private final int maxQueued;
    private final Consumer<String> log;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile Thread loopThread;
    private volatile int clients;

    public SelectorEchoServer(InetSocketAddress address, LengthPrefixCodec codec, int maxQueued, Consumer<String> log)
            throws IOException {
        this.codec = codec;
        this.maxQueued = maxQueued;
        this.log = log;
        selector = Selector.open();
        serverChannel = ServerSocketChannel.open();
        serverChannel.bind(address, 4096); // a deep backlog: thousands of clients may connect at once
        serverChannel.configureBlocking(false);
        serverChannel.register(selector, SelectionKey.OP_ACCEPT);
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) serverChannel.getLocalAddress();
    }

    /** Starts the event loop on a thread of its own. */
    public SelectorEchoServer start() {
        Thread thread = new Thread(this::run, "selector");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** The event loop: runs until {@link #close()}. */
    public void run() {
        started = true;
        loopThread = Thread.currentThread();
        try {
            while (running) {
                selector.select(); // sleeps until something is ready: no spinning
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
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
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                log.accept("event loop stopped: " + e);
            }
        } finally {
            stopped.countDown();
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = serverChannel.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
            String peer = remote.getAddress().getHostAddress() + ":" + remote.getPort();
            channel.register(selector, SelectionKey.OP_READ, new Connection(peer, new FrameDecoder(codec.order(), codec.maxFrameLength())));
            clients++;
        }
    }

    private void read(SelectionKey key) {
        Connection conn = (Connection) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n == -1) {
                // The client has nothing more to say; it may still be reading our replies.
                conn.inputEnded = true;
                if (conn.outbound.isEmpty()) {
                    close(key, null);
                } else {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                return;
            }
            readBuffer.flip();
            conn.decoder.feed(readBuffer, body -> reply(key, conn, body));
        } catch (FrameException e) {
            close(key, e.getMessage());
        } catch (IOException e) {
            close(key, e.toString()); // a reset, most often
        }
    }

    /** Queues the upper-cased frame, writing at once what the socket takes. */
    private void reply(SelectionKey key, Connection conn, ByteBuffer body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining()).order(codec.order());
        frame.putInt(body.remaining());
        Upper.copy(body, frame);
        frame.flip();
        if (conn.outbound.isEmpty()) {
            ((SocketChannel) key.channel()).write(frame); // may write only part, or nothing
        }
        if (frame.hasRemaining()) {
            conn.outbound.add(frame);
            conn.queuedBytes += frame.remaining();
            if (conn.queuedBytes > maxQueued) {
                throw new IOException("cut off: " + conn.queuedBytes + " bytes waiting to be written (it sends but does not read)");
            }
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
                if (head.hasRemaining()) {
                    return; // the send buffer is full again: wait for the next OP_WRITE
                }
                conn.outbound.poll();
            }
            if (conn.inputEnded) {
                close(key, null); // every reply is written: now the conversation is over
                return;
            }
            key.interestOps(SelectionKey.OP_READ); // nothing left: OP_WRITE would fire at once, forever
        } catch (IOException e) {
            close(key, e.toString());
        }
    }

    private void close(SelectionKey key, String why) {
        Connection conn = (Connection) key.attachment();
        if (why != null) {
            log.accept("closing " + conn.peer + ": " + why);
        }
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        clients--;
    }

    /** Clients connected now. */
    public int clients() {
        return clients;
    }

    /** CPU time the event loop's thread has used so far (the JVM's per-thread CPU clock). */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; this lesson runs on 17
    public long cpuNanos() {
        Thread thread = loopThread;
        return thread == null ? 0 : ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        if (started) {
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
}
