package socketlessons.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** §8 client: reads the 32-byte challenge, answers HMAC(key, challenge). */
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
}
