package socketlessons.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.function.Supplier;

/**
 * §8 the check itself, apart from sockets: send a challenge, read the answer, compare. The
 * server that owns the socket ({@link CheckedServer}) only wires it and sets the timeout.
 */
public final class ChallengeCheck {

    /** The outcome, and why: what the server logs. */
    public record Verdict(boolean passed, String reason) {
    }

    private final byte[] key;
    private final Digest digest;
    private final Supplier<byte[]> challenges;

    /** The check as it should be: a fresh random challenge for every client. */
    public ChallengeCheck(byte[] key, Digest digest) {
        this(key, digest, ChallengeResponse::newChallenge);
    }

    private ChallengeCheck(byte[] key, Digest digest, Supplier<byte[]> challenges) {
        this.key = key.clone();
        this.digest = digest;
        this.challenges = challenges;
    }

    /**
     * The flaw, kept to be shown: the same challenge every time (as good as a fixed password),
     * so an answer recorded once on the wire opens the door forever. Never use it.
     */
    static ChallengeCheck repeatingChallenge(byte[] key, Digest digest, byte[] challenge) {
        return new ChallengeCheck(key, digest, challenge::clone);
    }

    public Digest digest() {
        return digest;
    }

    /**
     * Sends a challenge on {@code out} and judges the answer read from {@code in}. A read
     * timeout set by the caller ({@code SO_TIMEOUT}) ends the wait: the client was too slow.
     */
    public Verdict run(InputStream in, OutputStream out) throws IOException {
        byte[] challenge = challenges.get();
        out.write(challenge); // conn.send(randseq)
        out.flush();
        // Exactly the digest's length, looping over short reads: one recv(16) may return less.
        byte[] answer = new byte[digest.answerLength()];
        int got = 0;
        try {
            int n;
            while (got < answer.length && (n = in.read(answer, got, answer.length - got)) != -1) {
                got += n;
            }
        } catch (SocketTimeoutException e) {
            return new Verdict(false, got == 0 ? "refused: no answer in time"
                    : "refused: " + got + " of " + answer.length + " answer bytes in time");
        }
        if (got < answer.length) {
            return new Verdict(false, "refused: answer of " + got + " bytes, " + answer.length + " expected (the client closed)");
        }
        if (!ChallengeResponse.verify(key, challenge, answer, digest)) {
            return new Verdict(false, "refused: wrong answer");
        }
        return new Verdict(true, "passed the check");
    }
}
