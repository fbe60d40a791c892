import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Exercise (lesson02, §4.2): the console chat client, each message a line ending in \n.
 * Check it (Java 11+ runs a single source file as it is):
 *
 * <pre>
 * java -jar lesson02-tcp-chat/target/lesson02-tcp-chat.jar check client -- java lesson02-tcp-chat/exercises/MyChatClient.java
 * </pre>
 *
 * The checker is the server, and it types the client's lines at its keyboard itself.
 * Read {@code socketlessons.tcpchat.ChatClient} and {@code ChatSession} once yours passes.
 */
public class MyChatClient {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Socket sk = new Socket()) {
            sk.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = sk.getOutputStream();
            String line;
            while ((line = keyboard.readLine()) != null) {
                // TODO stage 1: write line as a line: out.write((line + "\n").getBytes(StandardCharsets.UTF_8))
                // TODO stage 3: if line is q or Q, leave the loop after writing it (try-with-resources closes)
                // TODO stage 2: read the server's answer with in.readLine() and print it
            }
        }
    }
}
