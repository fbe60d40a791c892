package socketlessons.basics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.cli.Cli;

/**
 * §1.3 {@code client.py}, byte for byte: read the server's greeting, answer {@code byebye}.
 *
 * <pre>
 * sk = socket.socket()              Socket sk = new Socket()
 * sk.connect(('127.0.0.1', 9000))   sk.connect(address, timeout)
 * msg = sk.recv(1024)               sk.getInputStream().read(buf)
 * sk.send(b'byebye')                sk.getOutputStream().write(...)
 * sk.close()                        try-with-resources
 * </pre>
 */
public final class HelloClient {

    /** A client does not wait forever for a SYN+ACK (Python's connect waits as long as the system does). */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private HelloClient() {
    }

    /** Connects once, talks once, and returns the server's greeting. */
    public static String talk(String host, int port) throws IOException {
        // The client has a single socket: it talks through it and closes it when done.
        try (Socket sk = new Socket()) {
            sk.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return talk(sk);
        }
    }

    /** The conversation on a socket already connected (by {@link Connector}, when the client retries). */
    public static String talk(Socket sk) throws IOException {
        InputStream in = sk.getInputStream();
        byte[] buf = new byte[1024];
        int n = in.read(buf);
        String greeting = n == -1 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);

        OutputStream out = sk.getOutputStream();
        out.write("byebye".getBytes(StandardCharsets.UTF_8));
        return greeting;
    }

    /** Run from an IDE: the same as {@code java -jar lesson01-socket-basics.jar client}. */
    public static void main(String[] args) {
        Launcher.main(Cli.prepend("client", args));
    }
}
