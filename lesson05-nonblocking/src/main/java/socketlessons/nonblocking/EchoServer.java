package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * What every server of this lesson offers, so the launcher, the demo and the benchmark treat
 * them alike: the constructor binds (port 0 picks a free one), {@link #start()} serves in the
 * background, {@link #close()} stops it and hangs up on every client.
 */
public interface EchoServer extends AutoCloseable {

    /** Starts serving on a thread of the server's own; returns this. */
    EchoServer start();

    /** Where the server listens; with port 0 the kernel chose the port. */
    InetSocketAddress address();

    @Override
    void close() throws IOException;

    /** The virtual-thread server: compiled on a JDK 21 or newer into the jar's META-INF/versions/21. */
    String VIRTUAL_THREAD_SERVER = "socketlessons.nonblocking.VirtualThreadEchoServer";

    /**
     * The virtual-thread server, found by name: it is in the jar's META-INF/versions/21, which a
     * JVM 17 does not read, so nothing compiled for Java 17 may name it.
     */
    static EchoServer virtualThreadServer(InetSocketAddress address, LengthPrefixCodec codec, Consumer<String> log)
            throws Exception {
        if (Runtime.version().feature() < 21) {
            throw new UnsupportedOperationException("virtual threads need a JDK 21 or newer: this is Java " + Runtime.version().feature());
        }
        Class<? extends EchoServer> type;
        try {
            type = Class.forName(VIRTUAL_THREAD_SERVER).asSubclass(EchoServer.class);
        } catch (ClassNotFoundException e) {
            throw new UnsupportedOperationException("this jar was built with a JDK older than 21, without the"
                    + " virtual-thread server: build it again with a JDK 21+");
        }
        try {
            return type.getConstructor(InetSocketAddress.class, LengthPrefixCodec.class, Consumer.class)
                    .newInstance(address, codec, log);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e; // a BindException, say, as itself
        }
    }
}
