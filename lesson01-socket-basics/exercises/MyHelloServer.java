import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Exercise (lesson01, §1.3): the first server, in Java. Fill in the TODOs, then check it
 * (Java 11+ runs a single source file as it is):
 *
 * <pre>
 * java -jar lesson01-socket-basics/target/lesson01-socket-basics.jar check server -- java lesson01-socket-basics/exercises/MyHelloServer.java
 * </pre>
 *
 * The checker tells the server its port in the environment variable PORT, connects as a client
 * and checks, stage by stage, that it sends hello, prints the answer (byebye), and hangs up.
 * Read {@code socketlessons.basics.HelloServer} once yours passes.
 */
public class MyHelloServer {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        try (ServerSocket serverSocket = new ServerSocket()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            // TODO stage 1: bind serverSocket to address (bind also listens), accept() a client,
            //               and write "hello" to it as UTF-8 bytes
            // TODO stage 2: read the client's answer (one read into a byte[1024]) and print it
            // TODO stage 3: close the client's socket (try-with-resources does it)
        }
    }
}
