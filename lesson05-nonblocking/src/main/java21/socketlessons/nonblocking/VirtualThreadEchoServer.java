package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * JDK 21+: the thread-per-client echo ({@link ThreadPerClientEchoServer}, lesson04's
 * {@code FramedEchoServer}) with one <em>virtual</em> thread per client. The code is blocking;
 * underneath, a {@code read} that would block parks the virtual thread and frees its carrier
 * (the JDK registers the socket with its own epoll poller and resumes the thread when bytes
 * come), so 10,000 clients cost 10,000 small stacks on the heap, not 10,000 OS threads.
 *
 * <p>Compiled with release 21 into the jar's {@code META-INF/versions/21} (the
 * {@code virtual-threads} profile of this module's pom): a JVM 21+ finds it there, a JVM 17
 * does not look, and the launcher, which finds it by name, says it needs a JDK 21+.
 */
public final class VirtualThreadEchoServer implements EchoServer {

    private final ThreadPerClientEchoServer server;

    public VirtualThreadEchoServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log) throws IOException {
        server = new ThreadPerClientEchoServer(address, codec, log, Thread.ofVirtual().factory());
    }

    @Override
    public VirtualThreadEchoServer start() {
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

    /** Run from an IDE on JDK 21+: the same as {@code java -jar lesson05-nonblocking.jar vt-server}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("vt-server", args));
    }
}
