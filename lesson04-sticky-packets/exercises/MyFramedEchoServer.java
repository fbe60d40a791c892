import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Exercise (lesson04, §6.2): a framed echo server. Each frame is a 4-byte big-endian length and
 * then that many bytes; send each frame back as the same frame. Check it (Java 11+ runs a single
 * source file as it is):
 *
 * <pre>
 * java -jar lesson04-sticky-packets/target/lesson04-sticky-packets.jar check server -- java lesson04-sticky-packets/exercises/MyFramedEchoServer.java
 * </pre>
 *
 * Read {@code socketlessons.sticky.LengthPrefixCodec} and {@code FramedEchoServer} once yours passes.
 */
public class MyFramedEchoServer {

    static final int MAX_FRAME = 16 * 1024 * 1024;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        try (ServerSocket serverSocket = new ServerSocket()) {
            serverSocket.bind(new InetSocketAddress("127.0.0.1", port));
            while (true) {
                try (Socket conn = serverSocket.accept()) {
                    echoFrames(conn);
                } catch (IOException e) {
                    System.out.println("closing: " + e.getMessage());
                }
            }
        }
    }

    static void echoFrames(Socket conn) throws IOException {
        DataInputStream in = new DataInputStream(conn.getInputStream());
        DataOutputStream out = new DataOutputStream(conn.getOutputStream());
        while (true) {
            int n;
            try {
                n = in.readInt(); // exactly 4 bytes, big-endian: it loops over short reads for you
            } catch (EOFException end) {
                return; // the client hung up between frames
            }
            // TODO stages 6 and 7: refuse n < 0 or n > MAX_FRAME: print why and return (try-with-resources hangs up)
            // TODO stages 1 to 5: read exactly n bytes (in.readNBytes(n) or in.readFully), then write
            //                     the frame back: out.writeInt(n), out.write(body), out.flush()
        }
    }
}
