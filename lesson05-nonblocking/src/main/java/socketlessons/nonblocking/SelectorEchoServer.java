package socketlessons.nonblocking;

import java.io.IOException;
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
import java.util.function.Consumer;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * §7 the fix, the idea only: one thread sleeps in {@code select()} until the kernel says some
 * socket is ready (epoll on Linux, kqueue on macOS), then does the work that is ready. CPython's
 * selectors example (Doc/library/selectors.rst) plus what it leaves out: lesson04's
 * {@link FrameDecoder} cuts the stream into frames, and an outbound queue keeps what
 * {@code write} did not take ({@link NaiveWriteServer} shows why). Frames come back upper-cased.
 * The README maps each Python call to its Java one ({@code key.data} is {@code key.attachment()}).
 *
 * What breaks at 10,000 clients or with one hostile client (queues without a limit, half frames
 * held forever, no room for more file descriptors) is for {@link GuardedSelectorEchoServer}.
 */
public final class SelectorEchoServer implements EchoServer {

    /** One client's state, the attachment of its key (Python's {@code key.data}). */
    private final class Connection {
        final FrameDecoder decoder = new FrameDecoder(codec.order(), codec.maxFrameLength());
        final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>(); // replies write() has not taken yet
        boolean inputEnded; // the client shut down its side: finish writing, then close
    }

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final SelectionKey acceptKey;
    private final LengthPrefixCodec codec;
    private final int sendBufferBytes;
    private final Consumer<String> log;
    private volatile boolean running = true;
    private volatile Thread loopThread;
    private volatile int clients; // these four: written by the loop only, read by tests and the demo
    private volatile long queuedBytes;
    private volatile long replies;
    private volatile long wakeups;

    /** @param sendBufferBytes SO_SNDBUF of each client (0: the system's); a small one is full after a few KiB */
    public SelectorEchoServer(InetSocketAddress address, LengthPrefixCodec codec, int sendBufferBytes, Consumer<String> log)
            throws IOException {
        this.codec = codec;
        this.sendBufferBytes = sendBufferBytes;
        this.log = log;
        serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.bind(address, 4096); // bind and listen: the backlog holds finished handshakes
            serverChannel.configureBlocking(false);
            selector = Selector.open();
            acceptKey = serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            serverChannel.close();
            throw e;
        }
    }

    @Override
    public SelectorEchoServer start() {
        loopThread = new Thread(this::run, "selector");
        loopThread.setDaemon(true);
        loopThread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                selector.select(); // asleep until some socket is ready: no spinning
                wakeups++;
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove(); // forgotten, the same key comes back on every select
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        serve(key);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            log.accept("event loop stopped: " + e);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        try {
            channel = serverChannel.accept(); // null if the client gave up meanwhile
        } catch (IOException e) { // out of file descriptors: OP_ACCEPT would fire again at once, forever
            log.accept("not accepting until a client leaves: " + e);
            acceptKey.interestOps(0);
            return;
        }
        if (channel != null) {
            if (sendBufferBytes > 0) { // the tests and the demo only
                channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new Connection());
            clients++;
        }
    }

    /** A client's socket is ready: read what came, write what waits. */
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
        if (((SocketChannel) key.channel()).read(conn.decoder.buffer()) == -1) { // Python's b'': nothing more will come
            conn.inputEnded = true;
            if (conn.decoder.hasPartialFrame()) {
                close(key, "the stream ended inside a frame");
            } else {
                flush(key, conn); // write what waits, then close
            }
            return;
        }
        conn.decoder.decode(body -> { // each whole frame, however the bytes came
            ByteBuffer reply = ByteBuffer.wrap(Upper.replyFrame(codec, body));
            conn.outbound.add(reply); // behind earlier replies: order is kept
            queuedBytes += reply.remaining();
            replies++;
            if (conn.outbound.size() == 1) {
                flush(key, conn); // nothing waits before it: write now
            }
        });
    }

    /** Writes what waits while the socket takes it; asks for OP_WRITE only while something is left. */
    private void flush(SelectionKey key, Connection conn) throws IOException {
        while (!conn.outbound.isEmpty()) {
            ByteBuffer head = conn.outbound.peek();
            queuedBytes -= ((SocketChannel) key.channel()).write(head); // may take all, part, or nothing
            if (head.hasRemaining()) { // the send buffer is full: OP_WRITE will say when there is room
                key.interestOps(conn.inputEnded ? SelectionKey.OP_WRITE : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            conn.outbound.poll();
        }
        if (conn.inputEnded) {
            close(key, null); // every reply is written: the conversation is over
        } else {
            key.interestOps(SelectionKey.OP_READ); // left on, OP_WRITE would fire at once, forever
        }
    }

    private void close(SelectionKey key, String why) {
        Connection conn = (Connection) key.attachment();
        conn.outbound.forEach(waiting -> queuedBytes -= waiting.remaining()); // the queue goes with the connection
        clients--;
        acceptKey.interestOps(SelectionKey.OP_ACCEPT); // a file descriptor is free again
        if (why != null) {
            log.accept("closing " + Peers.of(key) + ": " + why);
        }
        try {
            key.channel().close(); // and its key is cancelled
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.socket().getLocalSocketAddress();
    }

    /** What the loop has done so far: for the tests and the demo. */
    public Stats stats() {
        return new Stats(clients, queuedBytes, replies, wakeups, CpuClock.nanos(loopThread));
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

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar simple-server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("simple-server", args));
    }
}
