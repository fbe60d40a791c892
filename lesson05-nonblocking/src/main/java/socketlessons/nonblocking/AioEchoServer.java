package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The fifth IO model, asynchronous IO, briefly: the same framed uppercase echo on
 * {@link AsynchronousServerSocketChannel}. We never wait and never poll: we start an
 * operation ({@code accept}, {@code read}, {@code write}) with a {@link CompletionHandler},
 * and the JDK calls it, on a thread of its pool, when the operation is done (Windows runs this
 * on IOCP, true completion-based IO; Linux on epoll and that pool).
 *
 * <p>Each client has one read in flight at a time, and one write (a second pending write on
 * the same channel is an error: the others wait in a queue). The same limits as the selector
 * server: a client that lets more than {@link SelectorEchoServer.Limits#maxQueuedBytes()} of
 * replies pile up is cut off, and one that sends nothing for five minutes is let go.
 */
public final class AioEchoServer implements EchoServer {

    private final AsynchronousServerSocketChannel server;
    private final InetSocketAddress address;
    private final LengthPrefixCodec codec;
    private final SelectorEchoServer.Limits limits;
    private final Consumer<String> log;
    private final Set<AsynchronousSocketChannel> open = ConcurrentHashMap.newKeySet();

    /** Uses the selector server's limits: bytes queued per client, and its send buffer size. */
    public AioEchoServer(InetSocketAddress address, LengthPrefixCodec codec, SelectorEchoServer.Limits limits,
            Consumer<String> log) throws IOException {
        this.codec = codec;
        this.limits = limits;
        this.log = log;
        server = AsynchronousServerSocketChannel.open();
        try {
            server.bind(address, 4096);
            this.address = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    /** Starts the first accept; from then on each completed accept starts the next. */
    @Override
    public AioEchoServer start() {
        acceptNext();
        return this;
    }

    private void acceptNext() {
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel channel, Void unused) {
                acceptNext(); // ask for the next client before serving this one
                open.add(channel);
                try {
                    if (limits.sendBufferBytes() > 0) {
                        channel.setOption(StandardSocketOptions.SO_SNDBUF, limits.sendBufferBytes());
                    }
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException e) {
                    log.accept("socket options: " + e);
                }
                new Client(channel).readNext();
            }

            @Override
            public void failed(Throwable e, Void unused) {
                if (server.isOpen()) {
                    log.accept("accept: " + e);
                    acceptNext();
                }
            }
        });
    }

    /** One client: its decoder, and the replies waiting for the write in flight to finish. */
    private final class Client {
        final AsynchronousSocketChannel channel;
        final String peer;
        final FrameDecoder decoder = new FrameDecoder(codec.order(), codec.maxFrameLength());
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
        long queuedBytes;
        boolean writing;

        Client(AsynchronousSocketChannel channel) {
            this.channel = channel;
            String remote;
            try {
                InetSocketAddress address = (InetSocketAddress) channel.getRemoteAddress();
                remote = address.getAddress().getHostAddress() + ":" + address.getPort();
            } catch (IOException e) {
                remote = "a client"; // already gone
            }
            this.peer = remote;
        }

        void readNext() {
            in.clear();
            channel.read(in, BlockingEchoServer.READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void unused) {
                    if (n == -1) {
                        close(decoder.hasPartialFrame() ? "the stream ended inside a frame" : null);
                        return;
                    }
                    in.flip();
                    try {
                        decoder.feed(in, body -> {
                            ByteBuffer frame = ByteBuffer.allocate(SelectorEchoServer.HEADER + body.remaining()).order(codec.order());
                            frame.putInt(body.remaining());
                            Upper.copy(body, frame);
                            send(frame.flip());
                        });
                    } catch (IOException e) {
                        close(e.getMessage());
                        return;
                    }
                    if (queued() > limits.maxQueuedBytes()) {
                        close("cut off: " + queued() + " bytes of replies waiting (it sends but does not read)");
                        return;
                    }
                    readNext();
                }

                @Override
                public void failed(Throwable e, Void unused) {
                    close(e.toString());
                }
            });
        }

        synchronized long queued() {
            return queuedBytes;
        }

        synchronized void send(ByteBuffer frame) {
            outbound.add(frame);
            queuedBytes += frame.remaining();
            if (!writing) {
                writing = true;
                writeHead();
            }
        }

        private synchronized void writeHead() {
            ByteBuffer head = outbound.peek();
            if (head == null) {
                writing = false;
                return;
            }
            channel.write(head, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer written, Void unused) {
                    synchronized (Client.this) {
                        queuedBytes -= written;
                        if (!head.hasRemaining()) {
                            outbound.poll();
                        }
                        writeHead(); // the rest of this reply, or the next one
                    }
                }

                @Override
                public void failed(Throwable e, Void unused) {
                    close(e.toString());
                }
            });
        }

        void close(String why) {
            if (why != null && channel.isOpen()) {
                log.accept("closing " + peer + ": " + why);
            }
            open.remove(channel);
            try {
                channel.close();
            } catch (IOException ignored) {
                // gone
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (AsynchronousSocketChannel channel : open) {
            channel.close();
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar aio-server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("aio-server", args));
    }
}
