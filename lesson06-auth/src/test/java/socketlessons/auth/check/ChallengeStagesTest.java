package socketlessons.auth.check;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.auth.ChallengeCheck;
import socketlessons.auth.CheckedServer;
import socketlessons.auth.Digest;
import socketlessons.basics.testkit.CheckRun;

/**
 * The §8 stages checked both ways: lesson06's CheckedServer and a right Python server pass the
 * server stages, the course's client (with digestmod='md5') passes the client stages; a server
 * that lets every answer in, one that repeats its challenge, and the checker's wrong key fail
 * where they should. Each transcript is a fixture in {@code fixtures/}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson06 check: the §8 challenge-response stages, against right and broken programs")
@Execution(ExecutionMode.CONCURRENT) // each test runs a whole check of its own: no state shared
class ChallengeStagesTest {

    private static final int PATIENT = 60;
    private static final byte[] ALEXSB = "alexsb".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    @DisplayName("§8 CheckedServer (HMAC-SHA256) passes every server stage")
    void passesCheckedServer() throws Exception {
        byte[] key = "a key only we know".getBytes(StandardCharsets.UTF_8);
        try (CheckedServer server = new CheckedServer("127.0.0.1", 0, new ChallengeCheck(key, Digest.SHA256), PATIENT * 1000, line -> { })) {
            executor.submit(() -> {
                server.serve(0);
                return null;
            });
            CheckRun.Result result = CheckRun.of(ChallengeStages.all(key, Digest.SHA256))
                    .run("server", "--timeout", "" + PATIENT, "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 0, getClass(), "fixtures/pass_java.txt");
        }
    }

    @Test
    @DisplayName("§8 checked with another key: a right server fails \"lets in a right answer\", and the hint names --key and --digest")
    void failsWithAnotherKey() throws Exception {
        try (CheckedServer server = new CheckedServer("127.0.0.1", 0, new ChallengeCheck(ALEXSB, Digest.MD5), PATIENT * 1000, line -> { })) {
            executor.submit(() -> {
                server.serve(0);
                return null;
            });
            CheckRun.Result result = CheckRun.of(ChallengeStages.all("not alexsb".getBytes(StandardCharsets.UTF_8), Digest.MD5))
                    .run("server", "--timeout", "" + PATIENT, "--port", "" + server.address().getPort());

            CheckRun.assertMatches(result, 1, getClass(), "fixtures/fail_other_key.txt");
        }
    }

    @Test
    @DisplayName("§8 a Python server with the course's key and MD5 passes every server stage")
    void passesPythonServer() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/challenge_server.py", dir, "alexsb", "md5");
        CheckRun checker = CheckRun.of(ChallengeStages.all(ALEXSB, Digest.MD5)).naming(command, "python3 challenge_server.py alexsb md5");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 0, getClass(), "fixtures/pass_python.txt");
    }

    @Test
    @DisplayName("§8 a server that never compares lets a wrong answer in: fails \"refuses a wrong answer\"")
    void failsServerThatLetsEveryoneIn() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/challenge_server.py", dir, "alexsb", "md5", "--no-compare");
        CheckRun checker = CheckRun.of(ChallengeStages.all(ALEXSB, Digest.MD5)).naming(command, "python3 challenge_server.py alexsb md5 --no-compare");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_no_compare.txt");
    }

    @Test
    @DisplayName("§8 a server that repeats its challenge fails \"a new challenge each time\"")
    void failsRepeatedChallenge() throws Exception {
        List<String> command = CheckRun.python(getClass(), "programs/challenge_server.py", dir, "alexsb", "md5", "--same-challenge");
        CheckRun checker = CheckRun.of(ChallengeStages.all(ALEXSB, Digest.MD5)).naming(command, "python3 challenge_server.py alexsb md5 --same-challenge");

        CheckRun.assertMatches(checker.run("server", PATIENT, command), 1, getClass(), "fixtures/fail_same_challenge.txt");
    }

    @Test
    @DisplayName("§8 the course's client, with digestmod='md5', passes every client stage (--key alexsb --digest md5)")
    void passesCourseClient() throws Exception {
        List<String> command = CheckRun.coursePython(CheckedServer.class, "course/client_digestmod.py", dir);
        CheckRun checker = CheckRun.of(ChallengeStages.all(ALEXSB, Digest.MD5)).naming(command, "python3 client_digestmod.py");

        CheckRun.assertMatches(checker.run("client", PATIENT, command), 0, getClass(), "fixtures/pass_course_client.txt");
    }

    @Test
    @DisplayName("§8 the course's client checked as SHA-256 fails \"answers the challenge\": 16 bytes come, 32 are expected")
    void failsCourseClientCheckedAsSha256() throws Exception {
        List<String> command = CheckRun.coursePython(CheckedServer.class, "course/client_digestmod.py", dir);
        CheckRun checker = CheckRun.of(ChallengeStages.all(ALEXSB, Digest.SHA256)).naming(command, "python3 client_digestmod.py");

        CheckRun.assertMatches(checker.run("client", 5, command), 1, getClass(), "fixtures/fail_course_client_sha256.txt");
    }
}
