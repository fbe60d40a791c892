package socketlessons.homework.friends;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;

/**
 * §10.1 server: one friend at a time, as in the notes ({@code while True: conn, addr =
 * sk.accept(); chat(conn)}); a conversation that goes wrong ends, and the next friend is served.
 */
public final class FriendsServer implements AutoCloseable {

    /** A friend who connects and says nothing for this long is hung up on. */
    static final int IDLE_TIMEOUT_MILLIS = 5 * 60 * 1000;

    private final ServerSocket serverSocket;

    public FriendsServer(String host, int port) throws IOException {
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

    /** Serves {@code conversations} friends one after another (0: until closed). */
    public void serve(FriendsChat chat, int conversations, PrintWriter log) throws IOException {
        for (int served = 0; conversations == 0 || served < conversations; served++) {
            try (Socket conn = serverSocket.accept()) {
                conn.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
                log.println("connected: " + peer);
                try {
                    chat.talk(conn.getInputStream(), conn.getOutputStream(), peer);
                } catch (IOException e) {
                    // a reset, a timeout, a write to a friend who left: this friend only
                    log.println("lost " + peer + ": " + e);
                }
            } catch (SocketException e) {
                if (serverSocket.isClosed()) {
                    return; // close() from another thread: stop serving
                }
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** Run from an IDE, no arguments needed: the same as {@code java -jar homework/friends/target/homework-friends.jar friends-server}. */
    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** What {@link #main} runs: {@code friends-server} with {@code args} (none: the defaults, 127.0.0.1:9000). */
    static int run(Console console, String... args) {
        return Launcher.run(console, Cli.prepend("friends-server", args));
    }
}
