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
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The classic NIO bug, kept to show it: the selector server without an outbound queue. While
 * clients read their replies every {@code write} fits, and all seems well. A client that sends
 * but does not read fills its receive buffer and then our send buffer; from then on
 * {@code write} takes part of a reply or nothing, and there are only two naive things to do:
 *
 * <ul>
 *   <li>{@link Mistake#IGNORE_WHAT_WRITE_RETURNED}: write once and go on. The rest of the reply
 *       is lost, silently; the client's stream is short and cut in the middle of frames.</li>
 *   <li>{@link Mistake#RETRY_UNTIL_WRITTEN}: call {@code write} again at once until all is
 *       written. Nothing is lost, but the one thread spins on this client, {@code write}
 *       returning 0 again and again, and every other client waits until this one reads.</li>
 * </ul>
 *
 * {@link SelectorEchoServer} is the fix. Both counters here are what the tests check.
 */
public final class NaiveWriteServer implements EchoServer {

    /** The two ways to get a partial write wrong. */
    public enum Mistake { IGNORE_WHAT_WRITE_RETURNED, RETRY_UNTIL_WRITTEN }

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final SelectionKey acceptKey;
    private final InetSocketAddress address;
    private final Mistake mistake;
    private final int sendBufferBytes;
    private final Consumer<String> log;
    private final AcceptPause acceptPause;
    private final LengthPrefixCodec codec = new LengthPrefixCodec();
    private final AtomicLong droppedBytes = new AtomicLong();
    private final AtomicLong zeroWrites = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private volatile boolean running = true;
    private volatile Thread loopThread;

    /**
     * @param sendBufferBytes SO_SNDBUF of each client's socket (0: the system's); a small one
     *                        makes the buffers fill after a few kilobytes
     */
    public NaiveWriteServer(InetSocketAddress address, Mistake mistake, int sendBufferBytes, Consumer<String> log)
            throws IOException {
        this.mistake = mistake;
        this.sendBufferBytes = sendBufferBytes;
        this.log = log;
        this.acceptPause = new AcceptPause(log);
        serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.bind(address, 1024);
            serverChannel.configureBlocking(false);
            selector = Selector.open();
            acceptKey = serverChannel.register(selector, SelectionKey.OP_ACCEPT);
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

    /** Bytes of replies that write() did not take and that were thrown away. */
    public long droppedBytes() {
        return droppedBytes.get();
    }

    /** Frames answered so far, whether the answer got through or not. */
    public long replies() {
        return replies.get();
    }

    /** Calls to write() that wrote nothing: each one a turn of the spin. */
    public long zeroWrites() {
        return zeroWrites.get();
    }

    @Override
    public NaiveWriteServer start() {
        Thread thread = new Thread(this::run, "naive-write-selector");
        thread.setDaemon(true);
        loopThread = thread;
        thread.start();
        return this;
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (running) {
                selector.select(acceptPause.selectTimeoutMillis());
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        SocketChannel channel = (SocketChannel) key.channel();
                        try {
                            buf.clear();
                            if (channel.read(buf) == -1) {
                                channel.close();
                                continue;
                            }
                            buf.flip();
                            ((FrameDecoder) key.attachment()).feed(buf, body -> reply(channel, body));
                        } catch (IOException e) {
                            log.accept("closing a client: " + e);
                            channel.close();
                        }
                    }
                }
                acceptPause.resumeIfDue(acceptKey);
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        try {
            channel = serverChannel.accept();
        } catch (IOException e) {
            acceptPause.pause(acceptKey, e); // out of file descriptors, most often: pause instead of spinning
            return;
        }
        if (channel != null) {
            acceptPause.accepted();
            channel.configureBlocking(false);
            if (sendBufferBytes > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
            }
            channel.register(selector, SelectionKey.OP_READ, new FrameDecoder(codec.order(), codec.maxFrameLength()));
        }
    }

    private void reply(SocketChannel channel, ByteBuffer body) throws IOException {
        ByteBuffer frame = ByteBuffer.wrap(codec.encode(Upper.bytes(body)));
        if (mistake == Mistake.IGNORE_WHAT_WRITE_RETURNED) {
            channel.write(frame); // the bug: how much it wrote is ignored
            droppedBytes.addAndGet(frame.remaining());
            replies.incrementAndGet();
        } else {
            while (frame.hasRemaining()) { // the other bug: no waiting, just trying again
                if (channel.write(frame) == 0) {
                    zeroWrites.incrementAndGet();
                }
            }
            replies.incrementAndGet();
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar naive-write-server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("naive-write-server", args));
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        // Close the sockets first: a thread spinning in write() only stops when its socket does.
        serverChannel.close();
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        Thread thread = loopThread;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        selector.close();
    }
}
