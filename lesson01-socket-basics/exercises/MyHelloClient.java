import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Exercise (lesson01, §1.3): the first client, in Java. Fill in the TODOs, then check it:
 *
 * <pre>
 * java -jar lesson01-socket-basics/target/lesson01-socket-basics.jar check client -- java lesson01-socket-basics/exercises/MyHelloClient.java
 * </pre>
 *
 * The checker plays the server on the port in the environment variable PORT and checks, stage
 * by stage, that the client prints the greeting, answers byebye, and hangs up.
 * Read {@code socketlessons.basics.HelloClient} once yours passes.
 */
public class MyHelloClient {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        try (Socket socket = new Socket()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            // TODO stage 1: connect socket to address, read the greeting (one read into a byte[1024])
            //               and print it as UTF-8 text
            // TODO stage 2: write "byebye" as UTF-8 bytes
            // TODO stage 3: close the socket (try-with-resources does it)
        }
    }
}
