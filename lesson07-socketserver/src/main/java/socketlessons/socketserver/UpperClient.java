package socketlessons.socketserver;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.PeerText;
import socketlessons.basics.cli.Cli;

/**
 * §9's client: each line typed goes to the server; the answers (the lines in upper case) are
 * printed as they come. {@code q} or {@code Q}, or the end of input, quits.
 *
 * <pre>
 * sk.connect(('127.0.0.1', 9000))       sk.connect(address, CONNECT_TIMEOUT_MILLIS)
 * inp = input('&gt;&gt;&gt;')                      console.readLine()             (on a thread of its own)
 * sk.send(inp.encode('utf-8'))          out.write((line + "\n").getBytes(UTF_8))
 * msg = sk.recv(1024).decode('utf-8')   answers.readLine()             (a whole line, however it arrives)
 * </pre>
 *
 * The course's client reads the server only after the user has typed, so a server that
 * closed the connection at once (a full pool refuses that way) is noticed only after typing,
 * as {@code Broken pipe}. Ours reads the connection all the time, on the main thread, and
 * types on another: the end of stream is noticed at once and said in one line.
 */
public final class UpperClient {

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final BufferedReader console;
    private final PrintWriter out;
    private volatile boolean quit; // the user typed q or ended the input
    private volatile int sent;     // lines sent (only the typing thread writes it)

    public UpperClient(BufferedReader console, PrintWriter out) {
        this.console = console;
        this.out = out;
    }

    /**
     * Talks until q or the end of input, and until the server has answered everything sent.
     *
     * @throws IOException when the server closes the connection first: before any answer, it is
     *         busy; after answers ({@link EOFException}), it went away
     */
    public void talk(InetSocketAddress server) throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(server, CONNECT_TIMEOUT_MILLIS);
            BufferedReader answers = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8));
            Thread typing = new Thread(() -> type(sk), "client console");
            typing.setDaemon(true); // blocked on the keyboard when the server closes: the JVM need not wait for it
            typing.start();
            int answered = 0;
            try {
                String answer;
                while ((answer = answers.readLine()) != null) {
                    out.println(PeerText.shown(answer));
                    answered++;
                }
            } catch (SocketException e) { // a line of ours reached a closed connection: the server answered with a reset
                if (answered > 0) {
                    throw e;
                }
            }
            if (answered == 0 && (!quit || sent > 0)) { // a full pool closes at once: nothing to see but the end of stream
                throw new IOException("the server is busy: it closed the connection before answering (try again later)");
            }
            if (!quit) {
                throw new EOFException("the server closed the connection");
            }
        }
    }


    /** Sends each typed line; at q or the end of input, shuts the sending side: the server answers the rest and closes. */
    private void type(Socket sk) {
        try {
            OutputStream to = sk.getOutputStream();
            String line;
            while ((line = console.readLine()) != null && !line.equalsIgnoreCase("q")) {
                to.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                sent++;
            }
            quit = true;
            sk.shutdownOutput(); // a FIN: "no more from me"; the answers still come
        } catch (IOException e) {
            // the connection is gone: the reading side says so
        }
    }

    /** Run from an IDE: the same as {@code java -jar lesson07-socketserver.jar client}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("client", args);
    }
}
