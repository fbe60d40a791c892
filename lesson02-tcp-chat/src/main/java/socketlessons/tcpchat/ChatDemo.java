package socketlessons.tcpchat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * §4.3 narrated: the server talks to client A; client B connects meanwhile and is not
 * answered until A says q. The demo types for all three, one step at a time, and waits for
 * each step to show before the next, so the story comes out in the same order every run.
 */
public final class ChatDemo {

    private final PrintWriter out;

    public ChatDemo(PrintWriter out) {
        this.out = out;
    }

    public void run(String host, int port) throws Exception {
        PipedWriter serverKeyboard = new PipedWriter();
        StringWriter serverScreen = new StringWriter();
        ChatSession serverSide = new ChatSession(new BufferedReader(new PipedReader(serverKeyboard)), new PrintWriter(serverScreen, true));
        try (ChatServer server = new ChatServer(host, port, 0)) {
            InetSocketAddress address = server.address();
            out.println("[server] listening on " + address.getAddress().getHostAddress() + ":" + address.getPort());
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    server.serve(serverSide, LineWire::new, 2, new PrintWriter(serverScreen, true));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket a = new Socket(); Socket b = new Socket()) {
                a.connect(address, 5_000);
                Wire aWire = new LineWire(a);
                aWire.send("hi, I am A");
                out.println("[A] connects and says: hi, I am A");
                await(serverScreen, "hi, I am A");
                out.println("[server] shows: hi, I am A");

                b.connect(address, 5_000);
                Wire bWire = new LineWire(b);
                bWire.send("anyone there?");
                out.println("[B] connect() returned at once (the kernel queued B in the backlog); B says: anyone there?");
                out.println("[B] waits: the server has accepted " + server.accepted() + " connection, A's, and reads only from A");

                type(serverKeyboard, "hello A");
                out.println("[A] hears: " + aWire.receive());
                aWire.send("q");
                out.println("[A] says q and leaves");

                await(serverScreen, "anyone there?");
                out.println("[server] accepts B at last and shows: anyone there?");
                type(serverKeyboard, "hello B, sorry for the wait");
                out.println("[B] hears: " + bWire.receive());
                bWire.send("q");
                out.println("[B] says q and leaves");
            }
            serving.join();
        }
        out.println("one client at a time: lesson05 (a selector) and lesson07 (a thread per client) serve both at once");
    }

    private static void type(PipedWriter keyboard, String line) throws IOException {
        keyboard.write(line + "\n");
        keyboard.flush();
    }

    /** Waits until the server has shown {@code text}. */
    private static void await(StringWriter screen, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!screen.toString().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not show \"" + text + "\" within 10 s");
            }
            Thread.sleep(1);
        }
    }
}
