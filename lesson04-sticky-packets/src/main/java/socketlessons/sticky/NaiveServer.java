package socketlessons.sticky;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import socketlessons.basics.PeerText;
import socketlessons.basics.cli.Cli;

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

    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("naive-server", args);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /**
     * Serves one client: prints every read as if it were one message, until the client closes.
     *
     * @param busyMillis how long the server is busy before each read: the client's messages pile up meanwhile
     * @param waitBytes 0, or: read the first time only once this many bytes are waiting (the glue every time)
     */
    public void serveOne(PrintWriter out, long busyMillis, int waitBytes) throws IOException, InterruptedException {
        try (Socket conn = serverSocket.accept()) {
            conn.setSoTimeout(60_000);
            InputStream in = conn.getInputStream();
            waitUntilWaiting(in, waitBytes);
            for (int i = 1; ; i++) {
                Thread.sleep(busyMillis); // busy elsewhere
                String message = NaiveReceiver.recv(in, 1024);
                if (message.isEmpty()) {
                    out.println("client closed");
                    return;
                }
                out.println("recv " + i + ": " + PeerText.quote(message)); // the peer's text, quoted: it cannot forge a line
            }
        }
    }

    /** Polls {@code available()}: the bytes sit in the kernel's buffer until a read takes them. */
    private static void waitUntilWaiting(InputStream in, int bytes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (in.available() < bytes) {
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + in.available() + " of " + bytes + " bytes came within 60 s");
            }
            Thread.sleep(1);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
