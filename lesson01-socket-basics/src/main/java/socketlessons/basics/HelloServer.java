package socketlessons.basics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.cli.Cli;

/**
 * §1.3 {@code server.py}, byte for byte: accept one client, send {@code hello}, return what
 * the client answers.
 *
 * <pre>
 * sk = socket.socket()            serverSocket = new ServerSocket()
 * sk.bind(('127.0.0.1', 9000))    serverSocket.bind(address, BACKLOG)   (bind + listen in one call)
 * sk.listen()
 * conn, addr = sk.accept()        Socket conn = serverSocket.accept()
 * conn.send(b'hello')             conn.getOutputStream().write(...)
 * msg = conn.recv(1024)           conn.getInputStream().read(buf)
 * conn.close(); sk.close()        try-with-resources
 * </pre>
 */
public final class HelloServer implements AutoCloseable {

    /** How many finished handshakes the kernel keeps waiting for accept() (Python's listen(n)). */
    static final int BACKLOG = 50;

    /** A server does not wait forever for a stranger who connected and says nothing. */
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket serverSocket; // the course's sk: the listening socket

    public HelloServer(String host, int port) throws IOException {
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    /** Where the server listens; with port 0 the kernel chose the port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Waits for one client, says hello, and returns what it answered ("" if it closed without a word). */
    public String serveOne() throws IOException {
        // conn is the connected socket: one per client. Closing it hangs up on this client only;
        // serverSocket keeps listening for the next one.
        try (Socket conn = serverSocket.accept()) {
            conn.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = conn.getOutputStream();
            out.write("hello".getBytes(StandardCharsets.UTF_8));

            InputStream in = conn.getInputStream();
            byte[] buf = new byte[1024];
            // One read, like recv(1024): enough for six bytes sent in one write on a quiet
            // connection. lesson04 shows when one read is not one message.
            int n = in.read(buf);
            return n == -1 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson01-socket-basics.jar server}. */
    public static void main(String[] args) {
        Launcher.main(Cli.prepend("server", args));
    }
}
