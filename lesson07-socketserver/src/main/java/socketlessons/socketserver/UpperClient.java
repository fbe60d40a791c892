package socketlessons.socketserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * §9's client: each line typed goes to the server; the answer (the line in upper case) is
 * printed. {@code q} or {@code Q}, or the end of input, quits.
 *
 * <pre>
 * sk.connect(('127.0.0.1', 9000))       sk.connect(address, CONNECT_TIMEOUT_MILLIS)
 * inp = input('&gt;&gt;&gt;')                      console.readLine()
 * sk.send(inp.encode('utf-8'))          out.write((line + "\n").getBytes(UTF_8))
 * msg = sk.recv(1024).decode('utf-8')   answers.readLine()   (a whole line, however it arrives)
 * </pre>
 */
public final class UpperClient {

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final BufferedReader console;
    private final PrintWriter out;

    public UpperClient(BufferedReader console, PrintWriter out) {
        this.console = console;
        this.out = out;
    }

    /** Talks until q or the end of input (0), or until the server closes the connection (1). */
    public int talk(InetSocketAddress server) throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(server, CONNECT_TIMEOUT_MILLIS);
            BufferedReader answers = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8));
            OutputStream to = sk.getOutputStream();
            String line;
            while ((line = console.readLine()) != null && !line.equalsIgnoreCase("q")) {
                to.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                String answer = answers.readLine();
                if (answer == null) {
                    out.println("the server closed the connection");
                    return 1;
                }
                out.println(answer);
            }
        }
        return 0;
    }

    /** Run from an IDE: the same as {@code java -jar lesson07-socketserver.jar client}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("client", args));
    }
}
