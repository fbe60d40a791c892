import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Exercise (lesson07, §9): the classroom's uppercase echo, many clients at once. Check it
 * (Java 11+ runs a single source file as it is):
 *
 * <pre>
 * java -jar lesson07-socketserver/target/lesson07-socketserver.jar check server -- java lesson07-socketserver/exercises/MyUpperServer.java
 * </pre>
 *
 * Read {@code socketlessons.socketserver.ThreadingTcpServer} and {@code UpperEchoHandler} once yours passes.
 */
public class MyUpperServer {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        try (ServerSocket serverSocket = new ServerSocket()) {
            serverSocket.bind(new InetSocketAddress("127.0.0.1", port));
            while (true) {
                Socket conn = serverSocket.accept();
                // TODO stage 2: handle each client on a thread of its own: new Thread(() -> ...).start()
                handle(conn);
            }
        }
    }

    static void handle(Socket conn) {
        try (conn) {
            InputStream in = conn.getInputStream();
            OutputStream out = conn.getOutputStream();
            byte[] buf = new byte[1024];
            int n;
            while ((n = in.read(buf)) != -1) { // stage 3: -1 is the client gone, and ends this loop
                String text = new String(buf, 0, n, StandardCharsets.UTF_8);
                // TODO stage 1: write text.toUpperCase() back as UTF-8 bytes
            }
        } catch (IOException e) {
            System.out.println("client lost: " + e.getMessage());
        }
    }
}
