package socketlessons.udp;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link UdpChatClient} on a thread of its own, with a keyboard the test types into and a screen it reads. */
final class TypedClient implements AutoCloseable {

    private final PipedWriter keyboard = new PipedWriter();
    private final StringWriter screen = new StringWriter(); // a StringBuffer inside: safe across threads
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    TypedClient(InetSocketAddress server, Duration timeout, boolean courseWire) throws IOException {
        BufferedReader lines = new BufferedReader(new PipedReader(keyboard));
        UdpChatClient client = new UdpChatClient(server, timeout, courseWire);
        Thread thread = new Thread(() -> {
            try {
                client.talk(lines, new PrintWriter(screen, true));
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "udp chat client");
        thread.setDaemon(true);
        thread.start();
    }

    void type(String line) throws IOException {
        keyboard.write(line + "\n");
        keyboard.flush();
    }

    /** What the client printed so far, with \n line ends. */
    String screen() {
        return screen.toString().replace(System.lineSeparator(), "\n");
    }

    void awaitScreen(String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains(text));
    }

    /** Waits until the client has quit. */
    void awaitQuit() throws Exception {
        done.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        keyboard.close();
    }
}
