package socketlessons.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * §8 server: checks that each client knows the key before serving it anything. A client that
 * answers wrong, answers with the wrong length, or does not answer within the timeout is
 * logged and hung up on. A client that passes is greeted and then served (an uppercase echo).
 * With {@code key == null} there is no check: anyone is served, the course's §4 server.
 */
public final class CheckedServer implements AutoCloseable {

    public static final String WELCOME = "welcome: you are one of us\n";

    private final ServerSocket serverSocket;
    private final byte[] key;
    private final Digest digest;
    private final int answerTimeoutMillis;
    private final Consumer<String> log;

    public CheckedServer(String host, int port, byte[] key, Digest digest, int answerTimeoutMillis, Consumer<String> log)
            throws IOException {
        this.key = key;
        this.digest = digest;
        this.answerTimeoutMillis = answerTimeoutMillis;
        this.log = log;
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** Serves {@code clients} clients one after another (0: until closed). */
    public void serve(int clients) throws IOException {
        for (int served = 0; clients == 0 || served < clients; served++) {
            try (Socket conn = serverSocket.accept()) {
                String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
                try {
                    conn.setSoTimeout(answerTimeoutMillis);
                    if (key != null && !passesCheck(conn, peer)) {
                        continue; // try-with-resources hangs up: nothing was served
                    }
                    echo(conn);
                } catch (IOException e) {
                    log.accept(peer + ": " + e);
                }
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return;
                }
                throw e;
            }
        }
    }

    private boolean passesCheck(Socket conn, String peer) throws IOException {
        byte[] challenge = ChallengeResponse.newChallenge();
        OutputStream out = conn.getOutputStream();
        out.write(challenge); // conn.send(randseq)
        out.flush();
        InputStream in = conn.getInputStream();
        byte[] answer;
        try {
            // Read exactly the digest's length, looping over short reads; one byte more is refused too.
            answer = in.readNBytes(digest.answerLength());
        } catch (SocketTimeoutException e) {
            log.accept(peer + ": refused: no answer within " + answerTimeoutMillis + " ms");
            return false;
        }
        if (answer.length < digest.answerLength()) {
            log.accept(peer + ": refused: answer of " + answer.length + " bytes, " + digest.answerLength() + " expected");
            return false;
        }
        if (!ChallengeResponse.verify(key, challenge, answer, digest)) {
            log.accept(peer + ": refused: wrong answer");
            return false;
        }
        log.accept(peer + ": passed the check");
        return true;
    }

    private void echo(Socket conn) throws IOException {
        OutputStream out = conn.getOutputStream();
        out.write(WELCOME.getBytes(StandardCharsets.UTF_8));
        out.flush();
        conn.setSoTimeout(5 * 60 * 1000);
        InputStream in = conn.getInputStream();
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            // Bytes, not text: upper-casing ASCII letters only keeps a cut UTF-8 character intact.
            for (int i = 0; i < n; i++) {
                if (buf[i] >= 'a' && buf[i] <= 'z') {
                    buf[i] -= 32;
                }
            }
            out.write(buf, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
