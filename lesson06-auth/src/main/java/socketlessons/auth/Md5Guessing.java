package socketlessons.auth;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Why the course's {@code md5(usr + pwd)} is weak: MD5 was built to be fast, so whoever gets the
 * user file can try millions of passwords a second, and with no salt, equal passwords have
 * equal hashes and one precomputed table serves every site that does the same.
 */
public final class Md5Guessing {

    static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private Md5Guessing() {
    }

    /**
     * {@code guess}: finds {@code password} from the course's user file line by trying every
     * lowercase word of its length with MD5, then measures PBKDF2 at {@code iterations} for
     * {@code pbkdf2Millis}, and prints both rates and what searching them all would take.
     */
    public static void report(String password, int iterations, long pbkdf2Millis, PrintWriter out) throws NoSuchAlgorithmException {
        String line = "alex|" + courseHash("alex", password);
        out.println("the course's user file line: " + line);
        warmUp(iterations);
        long start = System.nanoTime();
        Result found = crack("alex", line.substring(5), password.length());
        double seconds = (System.nanoTime() - start) / 1e9;
        long md5PerSecond = (long) (found.guesses() / seconds);
        out.printf(Locale.ROOT, "MD5:    found \"%s\" after %,d guesses in %.2f s: %,d guesses/s%n",
                found.password(), found.guesses(), seconds, md5PerSecond);
        double pbkdf2PerSecond = pbkdf2GuessesPerSecond(iterations, pbkdf2Millis);
        out.printf(Locale.ROOT, "PBKDF2: %,d iterations: %.1f guesses/s: %,.0f times slower%n",
                iterations, pbkdf2PerSecond, md5PerSecond / pbkdf2PerSecond);
        long all = (long) Math.pow(26, password.length());
        out.printf(Locale.ROOT, "all %,d passwords of %d lowercase letters: %.2f s with MD5, %.1f hours with PBKDF2%n",
                all, password.length(), all / (double) md5PerSecond, all / pbkdf2PerSecond / 3600);
    }

    /** The course's stored form: {@code hashlib.md5((usr + pwd).encode()).hexdigest()}. */
    public static String courseHash(String user, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest((user + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** A guessing result: the password found (or null), and how many guesses it took. */
    public record Result(String password, long guesses) {
    }

    /** Tries every password of {@code length} lowercase letters against a course hash line. */
    public static Result crack(String user, String md5Hex, int length) throws NoSuchAlgorithmException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] target = HexFormat.of().parseHex(md5Hex);
        byte[] prefix = user.getBytes(StandardCharsets.UTF_8);
        byte[] candidate = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, candidate, 0, prefix.length);
        long total = (long) Math.pow(LETTERS.length(), length);
        for (long i = 0; i < total; i++) {
            long n = i;
            for (int p = length - 1; p >= 0; p--) {
                candidate[prefix.length + p] = (byte) LETTERS.charAt((int) (n % LETTERS.length()));
                n /= LETTERS.length();
            }
            if (MessageDigest.isEqual(md5.digest(candidate), target)) {
                return new Result(new String(candidate, prefix.length, length, StandardCharsets.US_ASCII), i + 1);
            }
        }
        return new Result(null, total);
    }

    /**
     * Runs both kinds of guessing briefly, so that what is measured next is compiled code, not
     * the JIT warming up: 20 PBKDF2 runs of up to 10,000 iterations (fewer when fewer are measured).
     */
    public static void warmUp(int iterations) throws NoSuchAlgorithmException {
        crack("alex", courseHash("alex", "zzz"), 3);
        byte[] salt = new byte[PasswordHasher.SALT_BYTES];
        for (int i = 0; i < 20; i++) {
            PasswordHasher.pbkdf2("warm-up", salt, Math.min(iterations, 10_000));
        }
    }

    /**
     * PBKDF2 guesses per second: as many as fit in {@code millis}, and at least 3, each with
     * {@code iterations}, one thread (an attacker multiplies it by cores, as for MD5).
     */
    public static double pbkdf2GuessesPerSecond(int iterations, long millis) {
        byte[] salt = new byte[PasswordHasher.SALT_BYTES];
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        long guesses = 0;
        do {
            PasswordHasher.pbkdf2("guess" + guesses, salt, iterations);
            guesses++;
        } while (guesses < 3 || System.nanoTime() < deadline);
        return guesses / ((System.nanoTime() - start) / 1e9);
    }
}
