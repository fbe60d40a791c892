import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Exercise (lesson05, §7): the framed uppercase echo (a 4-byte big-endian length, then the body;
 * each body comes back in upper case) for many clients in one thread, with a selector. Check it
 * (Java 11+ runs a single source file as it is):
 *
 * <pre>
 * java -jar lesson05-nonblocking/target/lesson05-nonblocking.jar check server -- java lesson05-nonblocking/exercises/MySelectorServer.java
 * </pre>
 *
 * Read {@code socketlessons.nonblocking.SelectorEchoServer} once yours passes.
 */
public class MySelectorServer {

    static final long MAX_QUEUED = 1024 * 1024;

    /** What the selector keeps for one client (the key's attachment). */
    static final class Client {
        ByteBuffer inbox = ByteBuffer.allocate(64 * 1024);
        final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
        long queued;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
            server.configureBlocking(false);
            // TODO stage 2: server.register(selector, SelectionKey.OP_ACCEPT)
            while (true) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        SocketChannel client = server.accept();
                        client.configureBlocking(false);
                        client.register(selector, SelectionKey.OP_READ, new Client());
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(key);
                    }
                    if (key.isValid() && key.isWritable()) {
                        write(key);
                    }
                }
            }
        }
    }

    static void read(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Client client = (Client) key.attachment();
        if (channel.read(client.inbox) == -1) {
            channel.close();
            return;
        }
        client.inbox.flip();
        while (client.inbox.remaining() >= 4 && client.inbox.remaining() >= 4 + client.inbox.getInt(client.inbox.position())) {
            int n = client.inbox.getInt();
            byte[] body = new byte[n];
            client.inbox.get(body);
            // TODO stage 1: queue the reply: a buffer with putInt(n) and the body in upper case
            //               (ASCII letters: b - 32), flipped, added to client.outbox (count client.queued)
        }
        client.inbox.compact();
        // TODO stage 3: cut off a client whose queued bytes pass MAX_QUEUED (channel.close())
        // TODO stage 3: while the outbox is not empty, ask for OP_WRITE too (key.interestOps)
        // (a frame larger than the inbox would need a larger buffer: lesson04's codec grows it)
    }

    static void write(SelectionKey key) throws IOException {
        // TODO stage 3: write the outbox's buffers while write() takes all of each; keep the rest;
        //               when the outbox is empty, ask for OP_READ only again
    }
}
