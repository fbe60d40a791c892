package socketlessons.basics.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A port on 127.0.0.1 that this test holds and nobody listens on: a connect to it is refused
 * (the kernel answers the SYN with a RST) on Linux, macOS and Windows. Unlike a "free port"
 * found by opening port 0 and closing it, no other program can take it while the test runs.
 */
public final class RefusingPort implements AutoCloseable {

    private final Socket holder = new Socket();

    private RefusingPort() throws IOException {
        holder.bind(new InetSocketAddress("127.0.0.1", 0)); // bound, never connected, never listening
    }

    public static RefusingPort open() throws IOException {
        return new RefusingPort();
    }

    public int port() {
        return holder.getLocalPort();
    }

    /** Lets the port go, e.g. for the test's own server to bind it next. */
    @Override
    public void close() throws IOException {
        holder.close();
    }
}
