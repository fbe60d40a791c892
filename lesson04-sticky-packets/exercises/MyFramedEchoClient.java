import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Exercise (lesson04, §6.2): a framed echo client. Send each line typed as one frame (a 4-byte
 * big-endian length, then the UTF-8 bytes), print each echo, quit on q. Check it (Java 11+ runs a
 * single source file as it is):
 *
 * <pre>
 * java -jar lesson04-sticky-packets/target/lesson04-sticky-packets.jar check client -- java lesson04-sticky-packets/exercises/MyFramedEchoClient.java
 * </pre>
 *
 * Read {@code socketlessons.sticky.FramedEchoClient} and {@code LengthPrefixCodec} once yours passes.
 */
public class MyFramedEchoClient {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // TODO stage 5: a try-with-resources block, so that the socket is closed when the loop ends
        Socket sk = new Socket();
        sk.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        DataInputStream in = new DataInputStream(sk.getInputStream());   // readInt, readFully: they loop over short reads
        DataOutputStream out = new DataOutputStream(sk.getOutputStream());
        String line;
        while ((line = keyboard.readLine()) != null) {
            // TODO stage 5: q quits: break before anything is sent
            byte[] body = line.getBytes(StandardCharsets.UTF_8);
            // TODO stage 1: send the frame: out.writeInt(body.length), out.write(body), out.flush()
            // TODO stages 2 to 4: read the echo: int n = in.readInt(), then in.readFully(new byte[n]); print it as UTF-8
        }
    }
}
