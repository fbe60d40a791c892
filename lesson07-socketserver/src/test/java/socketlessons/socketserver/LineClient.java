package socketlessons.socketserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A test client that speaks lines, as a student's client would. */
final class LineClient implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 10_000;

    final Socket socket = new Socket();
    final BufferedReader in;

    LineClient(InetSocketAddress server) throws IOException {
        socket.connect(server, 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS); // a test never hangs on a server that stays silent
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The client's own port: how the server's log names this client. */
    int port() {
        return socket.getLocalPort();
    }

    void send(String line) throws IOException {
        write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** The next line; null when the server closed the connection. */
    String readLine() throws IOException {
        return in.readLine();
    }

    String ask(String line) throws IOException {
        send(line);
        return readLine();
    }

    /** True if nothing at all (no byte, no end of stream) arrives for this long. */
    boolean silentFor(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            in.mark(1);
            in.read(); // a byte, or the end of stream: either way not silent
            in.reset();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
