package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;

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
}
