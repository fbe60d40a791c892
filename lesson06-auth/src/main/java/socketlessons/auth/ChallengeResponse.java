package socketlessons.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * §8 验证客户端的合法性: is the client one of ours? Both sides share a secret key. The server
 * sends 32 random bytes (a challenge never used before); the client answers
 * HMAC(key, challenge); the server computes the same and compares. The key itself never
 * crosses the wire, and an answer recorded once is worthless against the next challenge.
 *
 * <pre>
 * randseq = os.urandom(32)                      byte[] challenge = newChallenge()   (SecureRandom)
 * hmac.new(key, randseq, 'md5').digest()        answer(key, challenge, Digest.MD5)
 * hmac.compare_digest(ret, expected)            verify(...) with MessageDigest.isEqual
 * </pre>
 */
public final class ChallengeResponse {

    /** The course's {@code os.urandom(32)}. */
    public static final int CHALLENGE_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ChallengeResponse() {
    }

    /** 32 bytes from {@link SecureRandom}: unpredictable, so never the same twice in practice. */
    public static byte[] newChallenge() {
        byte[] challenge = new byte[CHALLENGE_BYTES];
        RANDOM.nextBytes(challenge);
        return challenge;
    }

    /** The client's answer: {@code hmac.new(key, challenge, digest).digest()}. */
    public static byte[] answer(byte[] key, byte[] challenge, Digest digest) {
        try {
            Mac mac = Mac.getInstance(digest.algorithm());
            mac.init(new SecretKeySpec(key, digest.algorithm()));
            return mac.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digest.algorithm() + " is part of every JDK", e);
        }
    }

    /**
     * True when {@code answer} is right. {@link MessageDigest#isEqual} takes the same time
     * wherever the first wrong byte is, so timing tells an attacker nothing (Python's
     * {@code hmac.compare_digest}); {@code Arrays.equals} stops at the first difference.
     */
    public static boolean verify(byte[] key, byte[] challenge, byte[] answer, Digest digest) {
        return MessageDigest.isEqual(answer(key, challenge, digest), answer);
    }
}
