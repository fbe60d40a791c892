package socketlessons.tcpchat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/** A chat server on a thread of its own, with a scripted console and a screen the test reads. */
final class ChatFixture implements AutoCloseable {

    final ChatServer server;
    final StringWriter screen = new StringWriter();
    final CompletableFuture<Void> done;

    ChatFixture(String consoleLines, ChatServer.WireFactory wires, int conversations, int timeoutMillis) throws IOException {
        server = new ChatServer("127.0.0.1", 0, timeoutMillis);
        PrintWriter screenWriter = new PrintWriter(screen, true);
        ChatSession session = new ChatSession(new BufferedReader(new StringReader(consoleLines)), screenWriter);
        done = CompletableFuture.runAsync(() -> {
            try {
                server.serve(session, wires, conversations, screenWriter);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    int port() {
        return server.address().getPort();
    }

    String screen() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
