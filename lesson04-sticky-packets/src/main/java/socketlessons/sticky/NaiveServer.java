package socketlessons.sticky;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * §6.1 粘包 live: a server that reads with {@code recv(1024)} and takes each read as one
 * message. It is slow to read (busy with something else, as a real server often is), so
 * what the client sent as several messages is waiting together, and comes out glued.
 */
public final class NaiveServer implements AutoCloseable {

    private final ServerSocket serverSocket;

    public NaiveServer(String host, int port) throws IOException {
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Serves one client: prints every read as if it were one message, until the client closes. */
    public void serveOne(PrintWriter out, long busyMillis) throws IOException, InterruptedException {
        try (Socket conn = serverSocket.accept()) {
            conn.setSoTimeout(60_000);
            InputStream in = conn.getInputStream();
            for (int i = 1; ; i++) {
                Thread.sleep(busyMillis); // busy elsewhere: the client's messages pile up meanwhile
                String message = NaiveReceiver.recv(in, 1024);
                if (message.isEmpty()) {
                    out.println("client closed");
                    return;
                }
                out.println("recv " + i + ": " + message);
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
