package socketlessons.basics;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Opens a client's connection: {@code connect} with a timeout and, when asked, waits for a
 * server that is not up yet by retrying with back-off.
 *
 * <p>Starting the client first is the course's first mistake (§1.3: "先启动server.py"):
 * nobody listens on the port, so the kernel answers the SYN with a RST and {@code connect}
 * throws {@code ConnectException: Connection refused} (Windows: WinError 10061).
 */
public final class Connector {

    static final Duration FIRST_WAIT = Duration.ofMillis(100);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private final Duration retryFor;
    private final Consumer<String> log;

    /**
     * @param retryFor how long to keep retrying a refused connection; zero tries once
     * @param log where to say that the client is waiting
     */
    public Connector(Duration retryFor, Consumer<String> log) {
        this.retryFor = retryFor;
        this.log = log;
    }

    /** Connects once, no retry: what the course's client does. */
    public static Connector once() {
        return new Connector(Duration.ZERO, line -> { });
    }

    public Socket connect(String host, int port) throws IOException {
        long deadline = System.nanoTime() + retryFor.toNanos();
        Duration wait = FIRST_WAIT;
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), HelloClient.CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (ConnectException refused) {
                socket.close();
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    throw refused;
                }
                log.accept("no server on " + host + ":" + port + " yet (connection refused)"
                        + "; retrying in " + wait.toMillis() + " ms");
                pause(wait);
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            } catch (IOException other) {
                socket.close();
                throw other;
            }
        }
    }

    private static void pause(Duration wait) throws IOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server", e);
        }
    }
}
