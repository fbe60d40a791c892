import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Exercise (lesson02, §4.1-§4.3): the console chat server, each message a line ending in \n.
 * Check it (Java 11+ runs a single source file as it is):
 *
 * <pre>
 * java -jar lesson02-tcp-chat/target/lesson02-tcp-chat.jar check server -- java lesson02-tcp-chat/exercises/MyChatServer.java
 * </pre>
 *
 * The checker is the client, and it types the server's answers at its keyboard itself.
 * Read {@code socketlessons.tcpchat.ChatServer} and {@code ChatSession} once yours passes.
 */
public class MyChatServer {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ServerSocket serverSocket = new ServerSocket()) {
            serverSocket.bind(new InetSocketAddress("127.0.0.1", port));
            // TODO stage 3: an outer loop, so the next client is served after this one quits
            try (Socket conn = serverSocket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = conn.getOutputStream();
                String msg;
                while ((msg = in.readLine()) != null) {
                    // TODO stage 2: if msg is q or Q, leave the loop (try-with-resources hangs up)
                    // TODO stage 1: print msg, read an answer from keyboard, write it back as a line:
                    //               out.write((answer + "\n").getBytes(StandardCharsets.UTF_8))
                }
            }
        }
    }
}
