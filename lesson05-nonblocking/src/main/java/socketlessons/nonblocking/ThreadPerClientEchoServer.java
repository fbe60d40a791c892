package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import socketlessons.sticky.FramedEchoServer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * A thread per client, in blocking code: lesson04's {@link FramedEchoServer}, answering each
 * frame in upper case, on threads from a {@link ThreadFactory}. With platform threads it is the
 * design the selector is measured against (`thread-server`: one OS thread, one stack, per
 * client); with virtual threads it is {@code VirtualThreadEchoServer} (JDK 21+). The course has
 * one thread-per-client framed echo, and this is it: its read and frame timeouts, and the
 * deadline that cuts off a client that stops reading, are lesson04's.
 */
public final class ThreadPerClientEchoServer implements EchoServer {

    private final FramedEchoServer server;

    public ThreadPerClientEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log, ThreadFactory threads)
            throws IOException {
        server = new FramedEchoServer(address.getHostString(), address.getPort(), codec, log, threads, ThreadPerClientEchoServer::upper);
    }

    /** Platform threads, one per client, daemons (they do not keep the JVM alive). */
    public static ThreadPerClientEchoServer onPlatformThreads(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log)
            throws IOException {
        return new ThreadPerClientEchoServer(address, codec, log, task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        });
    }

    private static byte[] upper(byte[] body) {
        Upper.inPlace(ByteBuffer.wrap(body));
        return body;
    }

    @Override
    public ThreadPerClientEchoServer start() {
        server.start();
        return this;
    }

    @Override
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar thread-server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("thread-server", args));
    }
}
