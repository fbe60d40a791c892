package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The fifth IO model, asynchronous IO, briefly: the same framed uppercase echo on
 * {@link AsynchronousServerSocketChannel}. We never wait and never poll: we start an
 * operation ({@code accept}, {@code read}, {@code write}) with a {@link CompletionHandler},
 * and the JDK calls it when the operation is done (on Linux the JDK runs it on epoll and a
 * thread pool; on Windows on IOCP, true completion-based IO).
 */
public final class AioEchoServer implements AutoCloseable {

    private final AsynchronousServerSocketChannel server;
    private final LengthPrefixCodec codec;
    private final Consumer<String> log;

    public AioEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log) throws IOException {
        this.codec = codec;
        this.log = log;
        server = AsynchronousServerSocketChannel.open().bind(address, 4096);
        acceptNext();
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    private void acceptNext() {
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel channel, Void unused) {
                acceptNext(); // ask for the next client before serving this one
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

    /** One client: a read always pending, and writes one at a time (a second pending write is an error). */
    private final class Client {
        final AsynchronousSocketChannel channel;
        final FrameDecoder decoder = new FrameDecoder(codec.order(), codec.maxFrameLength());
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
        boolean writing;

        Client(AsynchronousSocketChannel channel) {
            this.channel = channel;
        }

        void readNext() {
            in.clear();
            channel.read(in, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void unused) {
                    if (n == -1) {
                        close(null);
                        return;
                    }
                    in.flip();
                    try {
                        decoder.feed(in, body -> {
                            ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining()).order(codec.order());
                            frame.putInt(body.remaining());
                            Upper.copy(body, frame);
                            send(frame.flip());
                        });
                        readNext();
                    } catch (IOException e) {
                        close(e.getMessage());
                    }
                }

                @Override
                public void failed(Throwable e, Void unused) {
                    close(e.toString());
                }
            });
        }

        synchronized void send(ByteBuffer frame) {
            outbound.add(frame);
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
                        if (!head.hasRemaining()) {
                            outbound.poll();
                        }
                        writeHead();
                    }
                }

                @Override
                public void failed(Throwable e, Void unused) {
                    close(e.toString());
                }
            });
        }

        void close(String why) {
            if (why != null) {
                log.accept("closing a client: " + why);
            }
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
    }
}
