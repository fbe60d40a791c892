package socketlessons.homework.friends;

import socketlessons.basics.PeerText;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;

/**
 * §10.1 client, on the notes' wire format: each line typed is sent as raw UTF-8 JSON
 * {@code {"msg": ..., "id": ...}}, with no framing, and the server's answer is one read.
 */
public final class FriendsClient {

    private final ObjectMapper json = new ObjectMapper();
    private final String id;
    private final BufferedReader console;
    private final PrintWriter screen;

    public FriendsClient(String id, BufferedReader console, PrintWriter screen) {
        this.id = id;
        this.console = console;
        this.screen = screen;
    }

    /** Connects to {@code server} (waiting at most 5 s) and talks until q, the end of input, or the server leaves. */
    public void talk(InetSocketAddress server) throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(server, 5_000);
            talk(sk.getInputStream(), sk.getOutputStream());
        }
    }

    public void talk(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[4096];
        while (true) {
            screen.print(">>>");
            screen.flush();
            String line = console.readLine();
            if (line == null) {
                line = "q"; // end of input quits, and says so to the server as the notes' q does
            }
            Map<String, String> message = new LinkedHashMap<>();
            message.put("msg", line);
            message.put("id", id);
            out.write(json.writeValueAsBytes(message));
            out.flush();
            if (line.equalsIgnoreCase("q")) {
                screen.println("你已经断开和server的聊天！");
                return;
            }
            // The notes' protocol has no framing: one read is taken as the server's answer.
            int n = in.read(buf);
            if (n == -1) {
                screen.println("the server closed the connection");
                return;
            }
            String answer = new String(buf, 0, n, StandardCharsets.UTF_8);
            if (answer.equalsIgnoreCase("q")) {
                screen.println("the server ended the chat");
                return;
            }
            screen.println(PeerText.shown(answer)); // the server's text: its escapes shown, never obeyed
        }
    }

    /** Run from an IDE, no arguments needed: the same as {@code java -jar homework/friends/target/homework-friends.jar friends-client}. */
    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** What {@link #main} runs: {@code friends-client} with {@code args} (none: the defaults, 127.0.0.1:9000). */
    static int run(Console console, String... args) {
        return Launcher.run(console, Cli.prepend("friends-client", args));
    }
}
