package socketlessons.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What anyone on the path sees (a Wi-Fi neighbour, a router): a TCP relay that forwards both
 * ways and shows what passes from the client, printable bytes as text and the rest as dots.
 * Through it, a plain login shows its password; a TLS login shows only ciphertext.
 *
 * <p>It prints and forgets: each piece is handed to {@code seen} and dropped, so the relay's
 * memory stays the same however much passes (it once kept every byte: 96 MiB relayed, 169 MiB
 * of heap). A test that wants the bytes keeps them itself.
 */
public final class SniffingRelay implements AutoCloseable {

    /** Connections relayed at once (two threads each); one more is closed at once. */
    static final int MAX_CONNECTIONS = 32;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Consumer<byte[]> seen;
    private final Consumer<String> log;
    private final int maxConnections;
    private final Semaphore slots;

    /** Listens on {@code host:port}, relays to {@code upstream}, and prints what clients send on {@code show}. */
    public SniffingRelay(String host, int port, InetSocketAddress upstream, Consumer<String> show) throws IOException {
        this(host, port, upstream, printing(show), show);
    }

    /**
     * Listens on {@code host:port} and starts relaying to {@code upstream} at once.
     *
     * @param seen gets a copy of each piece a client sends, as it passes
     * @param log  the relay's own errors
     */
    public SniffingRelay(String host, int port, InetSocketAddress upstream, Consumer<byte[]> seen, Consumer<String> log)
            throws IOException {
        this(host, port, upstream, seen, log, MAX_CONNECTIONS);
    }

    SniffingRelay(String host, int port, InetSocketAddress upstream, Consumer<byte[]> seen, Consumer<String> log,
            int maxConnections) throws IOException {
        this.maxConnections = maxConnections;
        this.slots = new Semaphore(maxConnections);
        this.upstream = upstream;
        this.seen = seen;
        this.log = log;
        this.listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        Thread thread = new Thread(this::acceptLoop, "sniffing-relay");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Shows each piece as a line: {@code client → server: } and its printable bytes. */
    public static Consumer<byte[]> printing(Consumer<String> show) {
        return piece -> show.accept("client → server: " + printable(piece, piece.length));
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client = null;
            try {
                client = listener.accept();
                if (!slots.tryAcquire()) {
                    log.accept("relay: refused a connection: " + maxConnections + " relayed already");
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                try {
                    server.connect(upstream, 5_000);
                } catch (IOException e) {
                    server.close();
                    slots.release();
                    throw e;
                }
                AtomicInteger open = new AtomicInteger(2); // directions still flowing
                pump(client, server, true, open);
                pump(server, client, false, open);
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.accept("relay: " + e.getMessage());
                }
                closeQuietly(client);
            }
        }
    }

    /**
     * Copies one direction. At its end of stream it passes the half-close on (shutdownOutput),
     * so an answer still on its way the other direction is not cut off; the sockets are closed
     * when both directions have ended, or at once when one fails.
     */
    private void pump(Socket from, Socket to, boolean clientToServer, AtomicInteger open) {
        Thread thread = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (clientToServer) {
                        seen.accept(Arrays.copyOf(buf, n)); // a copy: buf is read into again at once
                    }
                    out.write(buf, 0, n);
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from); // a reset on one side ends both
                closeQuietly(to);
            } finally {
                if (open.decrementAndGet() == 0) { // both directions done: the connection's slot is free
                    closeQuietly(from);
                    closeQuietly(to);
                    slots.release();
                }
            }
        }, "sniffing " + (clientToServer ? "up" : "down"));
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    /** Printable ASCII as it is, every other byte as a dot. */
    static String printable(byte[] buf, int n) {
        StringBuilder text = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int b = buf[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson06-auth.jar relay --port 9001 --to 127.0.0.1:9000}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line for {@code main(args)}: with no args, the defaults an IDE run needs. */
    static String[] commandLine(String... args) {
        return Launcher.commandLine("relay", args, "--port", "9001", "--to", "127.0.0.1:9000");
    }
}
