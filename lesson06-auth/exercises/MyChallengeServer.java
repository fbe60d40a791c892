import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Exercise (lesson06, §8): a server that lets in only clients that know the key (挑战-应答).
 * Check it with the course's key and digest (Java 11+ runs a single source file as it is):
 *
 * <pre>
 * java -jar lesson06-auth/target/lesson06-auth.jar check server --key alexsb --digest md5 -- java lesson06-auth/exercises/MyChallengeServer.java
 * </pre>
 *
 * Read {@code socketlessons.auth.ChallengeResponse} and {@code CheckedServer} once yours passes.
 */
public class MyChallengeServer {

    static final byte[] KEY = "alexsb".getBytes(StandardCharsets.UTF_8); // the course's: the notes say why not in code
    static final String ALGORITHM = "HmacMD5"; // 16-byte answers; HmacSHA256 gives 32
    static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        try (ServerSocket serverSocket = new ServerSocket()) {
            serverSocket.bind(new InetSocketAddress("127.0.0.1", port));
            while (true) {
                try (Socket conn = serverSocket.accept()) {
                    InputStream in = conn.getInputStream();
                    OutputStream out = conn.getOutputStream();
                    byte[] challenge = new byte[32];
                    // TODO stage 1: fill challenge with RANDOM.nextBytes (stage 4: new for every client) and write it
                    Mac mac = Mac.getInstance(ALGORITHM);
                    mac.init(new SecretKeySpec(KEY, ALGORITHM));
                    byte[] expected = mac.doFinal(challenge);
                    // TODO stage 2: read exactly expected.length bytes (in.readNBytes), compare with
                    //               MessageDigest.isEqual, and on a match write "welcome: you are one of us\n"
                    // TODO stage 3: on a mismatch write nothing (try-with-resources hangs up)
                }
            }
        }
    }
}
