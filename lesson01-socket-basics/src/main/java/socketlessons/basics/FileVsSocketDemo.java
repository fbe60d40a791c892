package socketlessons.basics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Endpoint;

/**
 * §3.1 socket的历史, side by side: two programs on one machine talking through a file (the
 * first way: 基于文件), then the same message through a socket (基于网络). A file needs a
 * shared disk and a reader that keeps looking; a socket needs only an address, and its
 * {@code read} waits for the bytes.
 */
public final class FileVsSocketDemo {

    private final PrintWriter out;

    public FileVsSocketDemo(PrintWriter out) {
        this.out = out;
    }

    public void run(String host, int port) throws Exception {
        throughAFile();
        throughASocket(host, port);
    }

    /** The writer leaves a file; the reader looks again and again until it is there. */
    private void throughAFile() throws Exception {
        Path folder = Files.createTempDirectory("mailbox");
        Path mailbox = folder.resolve("mailbox.txt");
        try {
            CompletableFuture<String> reader = onItsOwnThread(() -> {
                while (!Files.exists(mailbox)) { // a file cannot say "wait until something comes": poll
                    Thread.onSpinWait();
                }
                return Files.readString(mailbox, StandardCharsets.UTF_8);
            });
            Path temporary = folder.resolve("mailbox.txt.tmp");
            Files.writeString(temporary, "hello", StandardCharsets.UTF_8);
            Files.move(temporary, mailbox, StandardCopyOption.ATOMIC_MOVE); // whole, or not there
            say("file", "writer: wrote hello to " + mailbox.getFileName() + " in a folder both programs can see");
            say("file", "reader: looked until the file was there, read " + reader.get(10, TimeUnit.SECONDS));
            say("file", "works only for programs on this machine, and the reader must keep looking");
        } finally {
            Files.deleteIfExists(mailbox);
            Files.deleteIfExists(folder);
        }
    }

    /** The same message through a socket: an address instead of a folder, a read that waits. */
    private void throughASocket(String host, int port) throws Exception {
        try (ServerSocket sk = new ServerSocket()) {
            sk.bind(new InetSocketAddress(host, port));
            say("socket", "server: listening on " + Endpoint.format((InetSocketAddress) sk.getLocalSocketAddress()));
            CompletableFuture<String> server = onItsOwnThread(() -> {
                try (Socket conn = sk.accept()) {
                    InputStream in = conn.getInputStream();
                    byte[] buf = new byte[1024];
                    int n = in.read(buf); // blocks until bytes come: no polling
                    return new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8);
                }
            });
            try (Socket client = new Socket()) {
                client.connect(sk.getLocalSocketAddress(), HelloClient.CONNECT_TIMEOUT_MILLIS);
                OutputStream send = client.getOutputStream();
                send.write("hello".getBytes(StandardCharsets.UTF_8));
                say("socket", "client: connect() to the address, write hello");
            }
            say("socket", "server: read() waited for the bytes, got " + server.get(10, TimeUnit.SECONDS));
            say("socket", "works between any two machines that can reach each other's address");
        }
    }

    private interface Step<T> {
        T call() throws IOException;
    }

    private static <T> CompletableFuture<T> onItsOwnThread(Step<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(step.call());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "file-vs-socket");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private void say(String how, String what) {
        out.println(String.format("[%-6s] %s", how, what));
    }

    /** Run from an IDE: the same as {@code java -jar lesson01-socket-basics.jar file-vs-socket}. */
    public static void main(String[] args) {
        Launcher.main(Cli.prepend("file-vs-socket", args));
    }
}
