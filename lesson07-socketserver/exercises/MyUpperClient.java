import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Exercise (lesson07, §9): the client of the classroom's uppercase echo. Send each line typed,
 * print the server's answer, quit on q. Check it (Java 11+ runs a single source file as it is):
 *
 * <pre>
 * java -jar lesson07-socketserver/target/lesson07-socketserver.jar check client -- java lesson07-socketserver/exercises/MyUpperClient.java
 * </pre>
 *
 * Read {@code socketlessons.socketserver.UpperClient} once yours passes.
 */
public class MyUpperClient {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // TODO stage 3: a try-with-resources block, so that the socket is closed when the loop ends
        Socket sk = new Socket();
        sk.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        BufferedReader answers = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = sk.getOutputStream();
        String line;
        while ((line = keyboard.readLine()) != null) {
            // TODO stage 3: q (or Q) quits: break before anything is sent
            // TODO stage 1: send the line in one write: out.write((line + "\n").getBytes(StandardCharsets.UTF_8))
            // TODO stage 2: read the answer (answers.readLine()) and print it
        }
    }
}
