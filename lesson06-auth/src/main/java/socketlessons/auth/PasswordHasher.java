package socketlessons.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Passwords stored right: PBKDF2-HMAC-SHA256 (in every JDK), a random salt per user, and many
 * iterations, so that each guess costs an attacker who stole the file as much as one login
 * costs us. OWASP's Password Storage Cheat Sheet asks for 600,000 iterations of
 * PBKDF2-HMAC-SHA256 (see the README).
 *
 * <p>A stored hash is one text field that carries everything needed to check it again:
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64). So raising the count
 * later leaves the old hashes valid.
 */
public final class PasswordHasher {

    /** OWASP Password Storage Cheat Sheet (since 2023): PBKDF2-HMAC-SHA256, 600,000 iterations. */
    public static final int OWASP_ITERATIONS = 600_000;

    /** A stored count above this is damage (or a trap: one login would take minutes), not a hash. */
    public static final int MAX_ITERATIONS = 10_000_000;

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The slow part, PBKDF2 itself: the JDK's by default. Tests pass one that counts the calls
     * and iterations, to show that every path of a login does the same work without timing it.
     */
    @FunctionalInterface
    public interface Pbkdf2 {
        byte[] derive(String password, byte[] salt, int iterations);
    }

    /** The JDK's {@code PBKDF2WithHmacSHA256}. */
    public static final Pbkdf2 JDK = PasswordHasher::pbkdf2;

    private final int iterations;
    private final Pbkdf2 pbkdf2;

    /** With OWASP's iteration count. */
    public PasswordHasher() {
        this(OWASP_ITERATIONS);
    }

    /** With another count: tests use a small one where the count is not what they test. */
    public PasswordHasher(int iterations) {
        this(iterations, JDK);
    }

    /** With another PBKDF2 (tests count the work with it). */
    public PasswordHasher(int iterations, Pbkdf2 pbkdf2) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1 to " + MAX_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
        this.pbkdf2 = pbkdf2;
    }

    public int iterations() {
        return iterations;
    }

    /** A new salt, and the hash of {@code password} with it, as one stored field. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return format(iterations, salt, pbkdf2.derive(password, salt, iterations));
    }

    /**
     * Checks a password against a stored hash (with the count stored in it), comparing in
     * time that does not depend on where they differ.
     *
     * @throws IllegalArgumentException when {@code stored} is not a hash of this form
     */
    public boolean matches(String password, String stored) {
        String[] parts = parts(stored);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(pbkdf2.derive(password, salt, Integer.parseInt(parts[1])), expected);
    }

    /** The iteration count stored in a hash. */
    public static int iterationsOf(String stored) {
        return Integer.parseInt(parts(stored)[1]);
    }

    /**
     * Does {@code count} iterations of PBKDF2 and throws the result away: the work a check
     * would have cost, for an unknown user, or to bring a cheaper old hash up to today's cost.
     */
    public void spend(int count) {
        if (count > 0) {
            pbkdf2.derive("not a password anyone has", new byte[SALT_BYTES], count);
        }
    }

    private static String[] parts(String stored) {
        if (!wellFormed(stored)) {
            throw new IllegalArgumentException("not a " + SCHEME + " hash");
        }
        return stored.split("\\$");
    }

    /** True when {@code stored} has the form of a hash (used to report damaged lines). */
    static boolean wellFormed(String stored) {
        String[] parts = stored.split("\\$", -1);
        try {
            if (parts.length != 4 || !parts[0].equals(SCHEME)) {
                return false;
            }
            int count = Integer.parseInt(parts[1]);
            return count >= 1 && count <= MAX_ITERATIONS
                    && Base64.getDecoder().decode(parts[2]).length == SALT_BYTES
                    && Base64.getDecoder().decode(parts[3]).length == HASH_BYTES;
        } catch (IllegalArgumentException e) { // NumberFormatException too
            return false;
        }
    }

    static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
