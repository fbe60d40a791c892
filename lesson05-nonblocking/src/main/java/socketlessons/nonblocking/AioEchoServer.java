package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import socketlessons.nonblocking.GuardedSelectorEchoServer.Limits;
import socketlessons.nonblocking.GuardedSelectorEchoServer.OverQueueLimit;
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
 * the same channel is an error: the others wait in a queue). The guarded selector server's
 * limits, the AIO way: above {@link Limits#maxQueuedBytes()} of replies waiting, the next read
 * is not started until the client has taken enough; a write that takes nothing for
 * {@link Limits#writeTimeout()} cuts the client off; a read in the middle of a frame has
 * {@link Limits#frameTimeout()}, one between frames five minutes; half-received frames of all
 * clients together are limited to {@link Limits#maxPartialBytes()}.
 */
public final class AioEchoServer implements EchoServer {

    /** A client that says nothing between frames for this long is let go. */
    static final long IDLE_TIMEOUT_MILLIS = 5 * 60 * 1000;

    private final AsynchronousServerSocketChannel server;
    private final InetSocketAddress address;
    private final LengthPrefixCodec codec;
    private final Limits limits;
    private final Consumer<String> log;
    private final AcceptPause acceptPause;
    private final Set<AsynchronousSocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong partialBytes = new AtomicLong();

    /** Uses the guarded selector server's limits. */
    public AioEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Limits limits, Consumer<String> log) throws IOException {
        this.codec = codec;
        this.limits = limits;
        this.log = log;
        this.acceptPause = new AcceptPause(log);
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

    /** Bytes of unfinished frames the decoders may hold now, all clients together. */
    public long partialBytes() {
        return partialBytes.get();
    }

    private void acceptNext() {
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel channel, Void unused) {
                acceptPause.accepted();
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
                if (!server.isOpen()) {
                    return;
                }
                // Out of file descriptors, most often: the client stays in the backlog, and
                // accepting again at once would fail again at once, forever.
                IOException why = e instanceof IOException io ? io : new IOException(e);
                CompletableFuture.delayedExecutor(acceptPause.failed(why), TimeUnit.MILLISECONDS, Runnable::run)
                        .execute(AioEchoServer.this::acceptNext);
            }
        });
    }

    /** One client: its decoder, and the replies waiting for the write in flight to finish. */
    private final class Client {
        final AsynchronousSocketChannel channel;
        final String peer;
        final FrameDecoder decoder = new FrameDecoder(codec.order(), codec.maxFrameLength());
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        // Guarded by this: completions of the read and of the write may run at once on two threads.
        final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
        long queuedBytes;
        long heldPartial; // bytes of an unfinished frame the decoder may hold
        long frames;
        boolean writing;
        boolean readPaused; // too many replies waiting: the next read starts once they are taken
        boolean inputEnded;
        boolean closed;

        Client(AsynchronousSocketChannel channel) {
            this.channel = channel;
            String remote;
            try {
                remote = Peers.of((InetSocketAddress) channel.getRemoteAddress());
            } catch (IOException | NullPointerException e) {
                remote = "a client"; // already gone
            }
            this.peer = remote;
        }

        void readNext() {
            in.clear();
            long timeout = decoder.hasPartialFrame() ? limits.frameTimeout().toMillis() : IDLE_TIMEOUT_MILLIS;
            channel.read(in, timeout, TimeUnit.MILLISECONDS, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void unused) {
                    onRead(n);
                }

                @Override
                public void failed(Throwable e, Void unused) {
                    if (e instanceof InterruptedByTimeoutException) {
                        close(decoder.hasPartialFrame() ? "half a frame, then nothing for " + limits.frameTimeout().toMillis() + " ms"
                                : "silent for " + IDLE_TIMEOUT_MILLIS + " ms");
                    } else {
                        close(e.toString());
                    }
                }
            });
        }

        private void onRead(int n) {
            if (n == -1) {
                synchronized (this) {
                    inputEnded = true;
                    if (decoder.hasPartialFrame()) {
                        close("the stream ended inside a frame");
                    } else if (!writing) {
                        close(null);
                    } // else: closed once the last reply is written
                }
                return;
            }
            in.flip();
            long framesBefore = frames();
            try {
                decoder.feed(in, body -> send(ByteBuffer.wrap(Upper.replyFrame(codec, body))));
            } catch (IOException e) {
                close(Peers.describe(e));
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                long held = !decoder.hasPartialFrame() ? 0 : frames == framesBefore ? heldPartial + n : n;
                long total = partialBytes.addAndGet(held - heldPartial);
                heldPartial = held;
                if (held > 0 && total > limits.maxPartialBytes()) {
                    close("cut off: half-received frames of all clients would hold " + total + " bytes, above the limit of "
                            + limits.maxPartialBytes());
                    return;
                }
                if (queuedBytes > limits.maxQueuedBytes()) {
                    if (limits.overQueueLimit() == OverQueueLimit.CUT_OFF) {
                        close("cut off: " + queuedBytes + " bytes of replies waiting, above the limit of " + limits.maxQueuedBytes());
                    } else {
                        readPaused = true; // writeHead starts the next read once enough is taken
                    }
                    return;
                }
            }
            readNext();
        }

        private synchronized long frames() {
            return frames;
        }

        synchronized void send(ByteBuffer frame) {
            frames++;
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
                if (inputEnded) {
                    close(null); // every reply is written: the conversation is over
                }
                return;
            }
            channel.write(head, limits.writeTimeout().toMillis(), TimeUnit.MILLISECONDS, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer written, Void unused) {
                    boolean resumeReading;
                    synchronized (Client.this) {
                        queuedBytes -= written;
                        if (!head.hasRemaining()) {
                            outbound.poll();
                        }
                        resumeReading = readPaused && queuedBytes <= limits.maxQueuedBytes();
                        if (resumeReading) {
                            readPaused = false;
                        }
                        writeHead(); // the rest of this reply, or the next one
                    }
                    if (resumeReading) {
                        readNext();
                    }
                }

                @Override
                public void failed(Throwable e, Void unused) {
                    if (e instanceof InterruptedByTimeoutException) {
                        close("cut off: " + queued() + " bytes of replies waiting, none taken for "
                                + limits.writeTimeout().toMillis() + " ms (it sends but does not read)");
                    } else {
                        close(e.toString());
                    }
                }
            });
        }

        private synchronized long queued() {
            return queuedBytes;
        }

        synchronized void close(String why) {
            if (closed) {
                return;
            }
            closed = true;
            partialBytes.addAndGet(-heldPartial);
            heldPartial = 0;
            if (why != null) {
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
