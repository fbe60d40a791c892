package socketlessons.auth;

/** The HMAC of the §8 check: SHA-256 by default; MD5 is the course's, for its Python client. */
public enum Digest {
    SHA256("HmacSHA256", 32),
    /** What {@code hmac.new(key, msg)} meant before Python 3.8: a 16-byte raw HMAC-MD5. */
    MD5("HmacMD5", 16);

    private final String algorithm;
    private final int answerLength;

    Digest(String algorithm, int answerLength) {
        this.algorithm = algorithm;
        this.answerLength = answerLength;
    }

    /** The JDK's name for it: {@code Mac.getInstance(algorithm())}. */
    public String algorithm() {
        return algorithm;
    }

    /** Bytes in an answer: the digest's raw size (Python's {@code .digest()}, not {@code .hexdigest()}). */
    public int answerLength() {
        return answerLength;
    }
}
