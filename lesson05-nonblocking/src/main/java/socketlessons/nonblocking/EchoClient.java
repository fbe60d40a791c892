package socketlessons.nonblocking;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.PeerText;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * {@code client}: each line typed goes to the server as one frame (lesson04's length prefix),
 * and the answer is printed. {@code q} or {@code Q} quits, as in the course; so does the end of
 * input. Blocking code: a client talks to one server, so it has nothing else to wait for.
 */
public final class EchoClient {

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private final LengthPrefixCodec codec;

    public EchoClient(LengthPrefixCodec codec) {
        this.codec = codec;
    }

    /**
     * Talks until the user quits (q, or the end of input).
     *
     * @throws EOFException when the server hangs up before answering
     */
    public void talk(InetSocketAddress server, BufferedReader console, PrintWriter out) throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(server, CONNECT_TIMEOUT_MILLIS);
            sk.setSoTimeout(READ_TIMEOUT_MILLIS);
            sk.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(sk.getInputStream());
            OutputStream toServer = sk.getOutputStream();
            String line;
            while ((line = console.readLine()) != null && !line.equalsIgnoreCase("q")) {
                codec.writeFrame(toServer, line.getBytes(StandardCharsets.UTF_8));
                byte[] answer = codec.readFrame(in);
                if (answer == null) {
                    throw new EOFException("the server closed the connection");
                }
                out.println(PeerText.shown(new String(answer, StandardCharsets.UTF_8)));
            }
        }
    }


    /** Run from an IDE: the same as {@code java -jar lesson05-nonblocking.jar client}. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("client", args));
    }
}
