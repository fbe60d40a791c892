package socketlessons.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.PeerText;

/** §8 client: reads the 32-byte challenge, answers HMAC(key, challenge), then talks. */
public final class CheckedClient {

    private CheckedClient() {
    }

    /** Answers the server's challenge on a connected socket. */
    public static void answer(Socket sk, byte[] key, Digest digest) throws IOException {
        InputStream in = sk.getInputStream();
        byte[] challenge = in.readNBytes(ChallengeResponse.CHALLENGE_BYTES); // never trust one recv(32)
        if (challenge.length < ChallengeResponse.CHALLENGE_BYTES) {
            throw new IOException("the server closed before sending its challenge");
        }
        OutputStream out = sk.getOutputStream();
        out.write(ChallengeResponse.answer(key, challenge, digest));
        out.flush();
    }

    /**
     * The client program: passes the check, prints the welcome, then sends each line typed on
     * {@code console} and prints the server's echo; {@code q} or the end of input quits.
     *
     * @throws IOException also when the server hung up instead of welcoming us (a wrong key)
     */
    public static void talk(InetSocketAddress server, byte[] key, Digest digest, BufferedReader console, PrintWriter out)
            throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(server, 5_000);
            sk.setSoTimeout(30_000);
            answer(sk, key, digest);
            BufferedReader answers = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8));
            String welcome = answers.readLine();
            if (welcome == null) {
                throw new IOException("refused: the server hung up (wrong key, or another --digest?)");
            }
            out.println(PeerText.shown(welcome)); // the server's text: no escape sequences reach the console
            OutputStream up = sk.getOutputStream();
            String line;
            while ((line = console.readLine()) != null && !line.equalsIgnoreCase("q")) {
                up.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                up.flush();
                String echo = answers.readLine();
                if (echo == null) {
                    throw new IOException("the server closed the connection");
                }
                out.println(PeerText.shown(echo));
            }
        }
    }


    /**
     * Run from an IDE: with no arguments, {@code java -jar lesson06-auth.jar client --key-file key.txt}
     * (the key file CheckedServer's main made); with arguments, {@code client} and them.
     */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line for {@code main(args)}: with no args, the defaults an IDE run needs. */
    static String[] commandLine(String... args) {
        return Launcher.commandLine("client", args, "--key-file", "key.txt");
    }
}
