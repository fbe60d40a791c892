package socketlessons.auth.check;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;
import socketlessons.auth.ChallengeResponse;
import socketlessons.auth.Digest;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;
import socketlessons.basics.check.StageFailure;

/**
 * lesson06's exercise, §8: challenge and response (挑战-应答). The server sends 32 random bytes,
 * the client answers {@code hmac.new(key, challenge, digest).digest()}, and the server serves a
 * right answer and hangs up on a wrong one without a word. Both sides are checked: the student's
 * server (the checker answers, rightly and wrongly) and the student's client (the checker
 * challenges it).
 */
public final class ChallengeStages {

    private static final String README = "see lesson06's README, \"§8 challenge and response (挑战-应答)\"";

    /** {@code --key} and {@code --digest}, the check command's own options in lesson06 (a picocli mixin). */
    public static final class Key {
        @Option(names = "--key", paramLabel = "KEY", defaultValue = "alexsb",
                description = "the key your program shares with the checker (default: the course's ${DEFAULT-VALUE})")
        String key;

        @Option(names = "--digest", paramLabel = "DIGEST", defaultValue = "sha256",
                description = "the HMAC: ${COMPLETION-CANDIDATES} (any case); md5 is the course's hmac.new(key, msg) (default: ${DEFAULT-VALUE})")
        Digest digest;
    }

    private final byte[] key;
    private final Digest digest;

    private ChallengeStages(byte[] key, Digest digest) {
        this.key = key;
        this.digest = digest;
    }

    /** The stages for a shared {@code key} and HMAC {@code digest} (the course's: key alexsb, md5). */
    public static List<Stage> all(Key options) {
        return all(options.key.getBytes(StandardCharsets.UTF_8), options.digest);
    }

    /** The same, the key and digest given directly. */
    public static List<Stage> all(byte[] key, Digest digest) {
        ChallengeStages check = new ChallengeStages(key, digest);
        String options = " (the checker's key and digest are --key and --digest: they must be your program's)";
        return List.of(
                Stage.server("sends a challenge", "a client that connects gets 32 bytes first",
                        "§8: randseq = os.urandom(32), conn.send(randseq) as soon as the client connects; " + README,
                        session -> session.read(session.connect(), ChallengeResponse.CHALLENGE_BYTES, "a 32-byte challenge")),
                Stage.server("lets in a right answer", "after the right HMAC the server sends something (a welcome) and serves the client",
                        "§8: read exactly the digest's length (16 bytes for md5, 32 for sha256), compare with hmac.compare_digest, then serve"
                                + options + "; " + README,
                        session -> check.letIn(session)),
                Stage.server("refuses a wrong answer", "after a wrong HMAC the server hangs up without a word, and serves the next client",
                        "§8: on a mismatch send nothing and close the connection; " + README,
                        session -> {
                            Socket socket = session.connect();
                            byte[] challenge = session.read(socket, ChallengeResponse.CHALLENGE_BYTES, "a 32-byte challenge");
                            session.send(socket, ChallengeResponse.answer("not the key".getBytes(StandardCharsets.UTF_8), challenge, digest));
                            session.expectEnd(socket, "the server to hang up without a word");
                            check.letIn(session);
                        }),
                Stage.server("a new challenge each time", "two clients, one after the other, get different challenges",
                        "§8: a challenge that repeats lets whoever recorded one answer in without the key: os.urandom(32) for every client; " + README,
                        session -> {
                            byte[] first = check.letIn(session);
                            byte[] second = check.letIn(session);
                            if (Arrays.equals(first, second)) {
                                throw new StageFailure("a new challenge for the second client", "the same 32 bytes again");
                            }
                        }),
                Stage.client("answers the challenge", "your client answers the checker's challenge with the HMAC of the key",
                        "§8: randseq = sk.recv(32), sk.send(hmac.new(secret_key, randseq, digestmod).digest())" + options + "; " + README,
                        session -> check.challenge(session)),
                Stage.client("prints the welcome", "after a right answer your client prints what the server sends",
                        "§8: msg = sk.recv(1024), print(msg.decode('utf-8')); " + README,
                        session -> {
                            Socket socket = check.challenge(session);
                            session.send(socket, "welcome: you are one of us\n");
                            session.expectPrinted("welcome: you are one of us");
                        }));
    }

    /** Connects, answers the challenge rightly, expects the server to say something, and hangs up; returns the challenge. */
    private byte[] letIn(Session session) throws Exception {
        Socket socket = session.connect();
        byte[] challenge = session.read(socket, ChallengeResponse.CHALLENGE_BYTES, "a 32-byte challenge");
        session.send(socket, ChallengeResponse.answer(key, challenge, digest));
        session.read(socket, 1, "a welcome after the right answer (HMAC-" + digest + ")");
        session.hangUp(socket); // not a plain close: the rest of the welcome is unread, and a reset could end the server
        return challenge;
    }

    /** Accepts the client, challenges it, and checks its answer; returns the connection. */
    private Socket challenge(Session session) throws Exception {
        Socket socket = session.accept();
        byte[] challenge = ChallengeResponse.newChallenge();
        session.send(socket, challenge);
        byte[] expected = ChallengeResponse.answer(key, challenge, digest);
        byte[] got = session.read(socket, expected.length, "the " + expected.length + "-byte HMAC-" + digest + " of the challenge");
        if (!Arrays.equals(got, expected)) {
            throw new StageFailure("the " + expected.length + "-byte HMAC-" + digest + " of the challenge", expected.length + " other bytes");
        }
        return socket;
    }
}
