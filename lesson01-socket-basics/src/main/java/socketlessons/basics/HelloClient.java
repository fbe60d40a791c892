package socketlessons.basics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * §1.3 {@code client.py}, byte for byte: read the server's greeting, answer {@code byebye}.
 *
 * <pre>
 * sk = socket.socket()
 * sk.connect(('127.0.0.1', 9000))   Socket sk = connector.connect(host, port)
 * msg = sk.recv(1024)               sk.getInputStream().read(buf)
 * sk.send(b'byebye')                sk.getOutputStream().write(...)
 * sk.close()                        try-with-resources
 * </pre>
 */
public final class HelloClient {

    private final Connector connector;

    public HelloClient(Connector connector) {
        this.connector = connector;
    }

    /** Talks to the server once and returns its greeting. */
    public String talk(String host, int port) throws IOException {
        // The client has a single socket: it talks through it and closes it when done.
        try (Socket sk = connector.connect(host, port)) {
            InputStream in = sk.getInputStream();
            byte[] buf = new byte[1024];
            int n = in.read(buf);
            String greeting = n == -1 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);

            OutputStream out = sk.getOutputStream();
            out.write("byebye".getBytes(StandardCharsets.UTF_8));
            return greeting;
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson01-socket-basics.jar client}. */
    public static void main(String[] args) {
        Launcher.main(HelloServer.prepend("client", args));
    }
}
