package socketlessons.benchmarks;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.Consumer;
import socketlessons.nonblocking.EchoServer;
import socketlessons.nonblocking.GuardedSelectorEchoServer;
import socketlessons.socketserver.PooledTcpServer;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;
import socketlessons.sticky.LengthPrefixCodec;

/** The servers under load, each speaking lesson04's frames and answering in upper case. */
public enum ServerKind {

    /** lesson05: one thread, one selector. */
    SELECTOR("selector (lesson05)"),
    /** lesson07: a new platform thread per client, no limit. */
    THREADING("threading (lesson07)"),
    /**
     * lesson07: {@value #POOL_THREADS} threads serve, every other client waits in the queue
     * ({@value #POOL_QUEUE} places: none is refused at up to 10,200 clients).
     */
    POOLED(String.format(Locale.ROOT, "pooled %d+%,d (lesson07)", ServerKind.POOL_THREADS, ServerKind.POOL_QUEUE)),
    /** lesson05 on JDK 21+: a virtual thread per client. */
    VIRTUAL_THREADS("virtual threads (lesson05)"),
    /** Netty 4.2, NIO transport, one event loop. */
    NETTY("Netty NIO, 1 loop");

    /**
     * The bounded pool's size: Tomcat's default of 200 threads, and a queue deep enough for the
     * largest load (10,000 clients), so that no client is refused: lesson07's pool refuses with a
     * plain close, which the load client would count as an error. The clients beyond the 200
     * wait (connected, unanswered) while the first 200 keep their connections, so the row's
     * messages/s are 200 clients' at 1,000 and 10,000.
     */
    static final int POOL_THREADS = 200;
    static final int POOL_QUEUE = 10_000;

    private static final String VIRTUAL_THREAD_SERVER = "socketlessons.nonblocking.VirtualThreadEchoServer";

    private final String label;

    ServerKind(String label) {
        this.label = label;
    }

    /** The name in the tables. */
    public String label() {
        return label;
    }

    /** Whether this JVM can run it: the virtual-thread server needs JDK 21+ and a lesson05 built by one. */
    public boolean available() {
        if (this != VIRTUAL_THREADS) {
            return true;
        }
        if (Runtime.version().feature() < 21) {
            return false;
        }
        try {
            Class.forName(VIRTUAL_THREAD_SERVER);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Binds a server of this kind (port 0: any free port); serve with {@code start()}. */
    public EchoServer open(InetSocketAddress address, Consumer<String> log) throws Exception {
        LengthPrefixCodec codec = new LengthPrefixCodec();
        // A deep backlog for all: 10,000 clients connect within a second or two.
        TcpServer.Options options = new TcpServer.Options().requestQueueSize(4096);
        return switch (this) {
            case SELECTOR -> new GuardedSelectorEchoServer(address, codec, GuardedSelectorEchoServer.Limits.DEFAULT, log);
            case THREADING -> new SocketServerEcho(new ThreadingTcpServer(address, FramedUpperHandler::new, options, log));
            case POOLED -> new SocketServerEcho(
                    new PooledTcpServer(address, FramedUpperHandler::new, POOL_THREADS, POOL_QUEUE, options, log));
            case VIRTUAL_THREADS -> virtualThreadServer(address, codec, log);
            case NETTY -> new NettyEchoServer(address);
        };
    }

    /** Found by name: lesson05 compiles it only on JDK 21+, and this module builds on 17. */
    private static EchoServer virtualThreadServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log)
            throws Exception {
        if (!VIRTUAL_THREADS.available()) {
            throw new UnsupportedOperationException("the virtual-thread server needs a JDK 21+ and lesson05 built by one");
        }
        return Class.forName(VIRTUAL_THREAD_SERVER).asSubclass(EchoServer.class)
                .getConstructor(InetSocketAddress.class, LengthPrefixCodec.class, Consumer.class)
                .newInstance(address, codec, log);
    }
}
