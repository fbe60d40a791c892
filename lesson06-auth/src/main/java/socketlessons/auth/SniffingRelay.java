package socketlessons.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import socketlessons.sticky.ResegmentingRelay;

/**
 * What anyone on the path sees (a Wi-Fi neighbour, a router): a TCP relay that forwards both
 * ways and shows what passes from the client, printable bytes as text and the rest as dots.
 * Through it, a plain login shows its password; a TLS login shows only ciphertext. It is
 * lesson04's {@code ResegmentingRelay}, unsliced, with a tap on the client's side.
 *
 * <p>It prints and forgets: each piece is handed to {@code seen} and dropped, so the relay's
 * memory stays the same however much passes (it once kept every byte: 96 MiB relayed, 169 MiB
 * of heap). A test that wants the bytes keeps them itself.
 */
public final class SniffingRelay implements AutoCloseable {

    /** Connections relayed at once (two threads each); one more is closed at once. */
    static final int MAX_CONNECTIONS = 32;

    private final ResegmentingRelay relay;

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
        // lesson04's relay, unsliced, with a tap on what the client sends
        this.relay = ResegmentingRelay.tapping(new InetSocketAddress(host, port), upstream, maxConnections,
                (toServer, chunk) -> {
                    if (toServer) {
                        seen.accept(chunk);
                    }
                }, log);
    }

    public InetSocketAddress address() {
        return relay.address();
    }

    /** Shows each piece as a line: {@code client → server: } and its printable bytes. */
    public static Consumer<byte[]> printing(Consumer<String> show) {
        return piece -> show.accept("client → server: " + printable(piece, piece.length));
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
        relay.close();
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
