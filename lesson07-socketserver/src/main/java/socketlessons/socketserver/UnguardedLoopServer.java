package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Deliberately flawed: the course's §4.3 server loop with nothing between the conversation and
 * the loop, which is what {@code handle_error} is for.
 *
 * <pre>
 * while True:
 *     conn, addr = sk.accept()
 *     chat(conn)        # an exception here ends the loop, and the server with it
 * </pre>
 *
 * The first conversation that throws (a reset connection, a bug, bad input) leaves
 * {@link #serveForever()}, the listening socket is closed, and every later client gets
 * {@code Connection refused}; the exception does not even say which client it was.
 * {@link BaseServer} catches it per request, logs it with the client's address and goes on.
 */
public final class UnguardedLoopServer implements AutoCloseable {

    /** One conversation with one client: the course's {@code chat(conn)}. */
    @FunctionalInterface
    public interface Conversation {
        void chat(Socket conn) throws IOException;
    }

    private final ServerSocket sk;
    private final Conversation conversation;

    public UnguardedLoopServer(InetSocketAddress address, Conversation conversation) throws IOException {
        this.conversation = conversation;
        sk = new ServerSocket();
        try {
            sk.bind(address);
        } catch (IOException e) {
            sk.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) sk.getLocalSocketAddress();
    }

    /** Serves clients one after another, until a conversation throws: then this throws it, and the server is gone. */
    public void serveForever() throws IOException {
        try (sk) {
            while (true) {
                try (Socket conn = sk.accept()) {
                    conversation.chat(conn); // the flaw: nothing catches what this throws
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        sk.close();
    }
}
