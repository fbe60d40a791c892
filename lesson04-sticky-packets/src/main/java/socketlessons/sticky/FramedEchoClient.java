package socketlessons.sticky;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
import socketlessons.basics.cli.Cli;

/**
 * §6.2 the client of the framed echo service: each line typed goes as one frame, and the
 * echo comes back as one frame, however TCP cut or glued the bytes on the way.
 */
public final class FramedEchoClient {

    private final LengthPrefixCodec codec;

    public FramedEchoClient(LengthPrefixCodec codec) {
        this.codec = codec;
    }

    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("client", args);
    }

    /**
     * Sends each line of {@code console} until {@code q} (any case) or end of input.
     *
     * @throws EOFException if the server closed the connection first
     */
    public void chat(String host, int port, BufferedReader console, PrintWriter out) throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(new InetSocketAddress(host, port), 5_000);
            sk.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(sk.getInputStream());
            OutputStream send = new BufferedOutputStream(sk.getOutputStream());
            String line;
            while ((line = console.readLine()) != null && !line.equalsIgnoreCase("q")) {
                codec.writeFrame(send, line.getBytes(StandardCharsets.UTF_8));
                byte[] echo = codec.readFrame(in);
                if (echo == null) {
                    throw new EOFException("the server closed the connection");
                }
                out.println("echo: " + PeerText.quote(new String(echo, StandardCharsets.UTF_8))); // the server's text, quoted
            }
        }
    }
}
