package socketlessons.homework.friends;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import socketlessons.basics.cli.Endpoint;

/** The launcher's {@code demo}, narrated: a friend, a stranger, and two messages glued in one read. */
public final class FriendsDemo {

    private final PrintWriter out;

    public FriendsDemo(PrintWriter out) {
        this.out = out;
    }

    public void run(String host, int port) throws IOException {
        // The server's console is scripted: the demo types each answer only after the
        // client has read the one before, so the narration comes out the same every run.
        PipedWriter serverTyping = new PipedWriter();
        BufferedReader serverKeyboard = new BufferedReader(new PipedReader(serverTyping));
        StringWriter serverScreen = new StringWriter();
        FriendsChat chat = new FriendsChat(FriendBook.course(), false, serverKeyboard, new PrintWriter(serverScreen, true));
        try (FriendsServer server = new FriendsServer(host, port)) {
            InetSocketAddress address = server.address();
            out.println("[server] listening on " + Endpoint.format(address));
            CompletableFuture<Void> serving = new CompletableFuture<>();
            Thread server1 = new Thread(() -> { // its own thread: the demo's client talks to it meanwhile
                try {
                    server.serve(chat, 1, new PrintWriter(serverScreen, true));
                    serving.complete(null);
                } catch (IOException | RuntimeException e) {
                    serving.completeExceptionally(e);
                }
            }, "demo server");
            server1.setDaemon(true);
            server1.start();
            try (Socket sk = new Socket()) {
                sk.connect(address, 5_000);
                InputStream in = sk.getInputStream();
                OutputStream wire = sk.getOutputStream();

                out.println("[client] sends {\"msg\": \"hello\", \"id\": \"99999\"}: a number the server does not know");
                send(wire, "{\"msg\": \"hello\", \"id\": \"99999\"}");
                out.println("[client] server answers: " + receive(in) + "  (the notes' server died here with KeyError)");

                out.println("[client] sends {\"msg\": \"hello\", \"id\": \"12345\"}: alex");
                send(wire, "{\"msg\": \"hello\", \"id\": \"12345\"}");
                type(serverTyping, "hi alex");
                out.println("[client] server answers: " + receive(in));

                out.println("[client] sends two messages in ONE write: {...}{...}");
                send(wire, "{\"msg\": \"one\", \"id\": \"12345\"}{\"msg\": \"two\", \"id\": \"12345\"}");
                type(serverTyping, "got one");
                out.println("[client] server answers: " + receive(in));
                type(serverTyping, "got two");
                out.println("[client] server answers: " + receive(in) + "  (json.loads would have failed: Extra data)");

                out.println("[client] sends {\"msg\": \"q\", \"id\": \"12345\"}: goodbye");
                send(wire, "{\"msg\": \"q\", \"id\": \"12345\"}");
            }
            serving.join();
        }
        out.println("[server] printed (its >>> prompts left out):");
        serverScreen.toString().lines().filter(line -> !line.startsWith("connected: "))
                .forEach(line -> out.println("  " + line.replace(">>>", "")));
    }

    private static void type(PipedWriter keyboard, String line) throws IOException {
        keyboard.write(line + "\n");
        keyboard.flush();
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String receive(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        int n = in.read(buf);
        return n == -1 ? "(closed)" : new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
