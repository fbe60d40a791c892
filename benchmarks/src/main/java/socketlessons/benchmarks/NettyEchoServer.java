package socketlessons.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import socketlessons.nonblocking.EchoServer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * The yardstick: the same service as lesson05's selector server (each framed message comes back
 * in upper case, frames as lesson04's: a 4-byte big-endian length, then the body), written the
 * way Netty's own examples write it. One NIO event loop thread accepts and serves everyone, as
 * the selector server's one thread does, so the two differ in their code, not their threads.
 */
public final class NettyEchoServer implements EchoServer {

    /** Upper-cases each frame where it lies and sends it back; flushes once per batch of reads. */
    @ChannelHandler.Sharable
    static final class UpperHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf body = (ByteBuf) msg;
            for (int i = body.readerIndex(); i < body.writerIndex(); i++) {
                byte b = body.getByte(i);
                if (b >= 'a' && b <= 'z') {
                    body.setByte(i, b - 32);
                }
            }
            ctx.write(body); // LengthFieldPrepender adds the header; the frame is released once written
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush(); // one write system call for all the answers of this read (Netty's EchoServerHandler does the same)
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset, or a bad length from the decoder: this client only
        }
    }

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;
    private final InetSocketAddress address;

    public NettyEchoServer(InetSocketAddress address) throws IOException {
        UpperHandler upper = new UpperHandler();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop) // the same single thread accepts and serves
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096) // as lesson05's servers
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new LengthFieldBasedFrameDecoder(LengthPrefixCodec.DEFAULT_MAX_FRAME, 0, 4, 0, 4),
                                new LengthFieldPrepender(4),
                                upper);
                    }
                });
        try {
            serverChannel = bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding", e);
        } catch (RuntimeException e) { // Netty rethrows a BindException unchecked
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        this.address = (InetSocketAddress) serverChannel.localAddress();
    }

    /** Serving began in the constructor's bind: the event loop is already running. */
    @Override
    public NettyEchoServer start() {
        return this;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() throws IOException {
        serverChannel.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly(); // closes every client channel
    }
}
