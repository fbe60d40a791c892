package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.FrameException;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The classic NIO bug, kept to show it: each reply is written with one {@code write} and what
 * it returns is ignored. While the client reads, every write fits and all seems well; once the
 * client stops reading and the socket buffers fill, {@code write} writes part of a reply or
 * nothing, and the rest is silently lost: the stream the client gets is short and its frames
 * are broken. (Looping on {@code write} until it is done instead would spin the one thread
 * and stall every other client.) {@link SelectorEchoServer} is the fix.
 */
public final class WriteOnceSelectorServer implements AutoCloseable {

    private final Selector selector = Selector.open();
    private final ServerSocketChannel serverChannel = ServerSocketChannel.open();
    private final LengthPrefixCodec codec = new LengthPrefixCodec();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    public WriteOnceSelectorServer(InetSocketAddress address) throws IOException {
        serverChannel.bind(address, 1024);
        serverChannel.configureBlocking(false);
        serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        Thread thread = new Thread(this::run, "write-once-selector");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) serverChannel.getLocalAddress();
    }

    /** Bytes of replies that write() did not take and that were thrown away. */
    public long droppedBytes() {
        return dropped.get();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (running) {
                selector.select();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (key.isAcceptable()) {
                        SocketChannel channel = serverChannel.accept();
                        if (channel != null) {
                            channel.configureBlocking(false);
                            channel.register(selector, SelectionKey.OP_READ, new FrameDecoder(codec.order(), codec.maxFrameLength()));
                        }
                    } else if (key.isReadable()) {
                        SocketChannel channel = (SocketChannel) key.channel();
                        try {
                            buf.clear();
                            if (channel.read(buf) == -1) {
                                channel.close();
                                continue;
                            }
                            buf.flip();
                            ((FrameDecoder) key.attachment()).feed(buf, body -> {
                                ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining());
                                frame.putInt(body.remaining());
                                Upper.copy(body, frame);
                                frame.flip();
                                channel.write(frame); // the bug: how much it wrote is ignored
                                dropped.addAndGet(frame.remaining());
                            });
                        } catch (FrameException e) {
                            channel.close();
                        } catch (IOException e) {
                            channel.close();
                        }
                    }
                }
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        serverChannel.close();
    }
}
