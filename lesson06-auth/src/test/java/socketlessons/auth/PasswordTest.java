package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 登陆 (hashlib 密文存储): passwords stored right")
class PasswordTest {

    /** Fast: the iteration count is not what these tests are about (the timing ones count iterations instead). */
    private static final PasswordHasher FAST = new PasswordHasher(10);

    /** A clock the test moves by hand: no sleeps. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static String login(String user, String password) {
        return "{\"op\": \"login\", \"user\": \"" + user + "\", \"password\": \"" + password + "\"}";
    }

    @Test
    @DisplayName("§10.2 the course's md5(user + password): a short password is found from its file line by trying them all")
    void reproducesMd5LineGuessedQuickly() throws Exception {
        String line = "alex|" + Md5Guessing.courseHash("alex", "dog");
        assertThat(line).isEqualTo("alex|2c5ed933c6f1e6b92d39ce2756c49d1e"); // Python: hashlib.md5(b'alexdog').hexdigest()

        Md5Guessing.Result found = Md5Guessing.crack("alex", line.substring(5), 3);

        assertThat(found).as("d-o-g is guess 3*26*26 + 14*26 + 6 + 1").isEqualTo(new Md5Guessing.Result("dog", 2_399));
        assertThat(Md5Guessing.courseHash("bob", "sock")).as("no salt: the same password gives the same line on every site")
                .isEqualTo(Md5Guessing.courseHash("bob", "sock"));
    }

    @Test
    @DisplayName("§10.2 fix: PBKDF2-HMAC-SHA256, a random salt per user, OWASP's 600,000 iterations by default, the count stored with the hash")
    void fixesWeakHashWithSaltedPbkdf2() {
        assertThat(new PasswordHasher().iterations()).as("OWASP's figure is the default").isEqualTo(600_000);
        // Hashing at 600,000 costs a few tenths of a second: the rest uses 10, and the stored
        // field shows the count went into the hash.
        String stored = FAST.hash("sock");

        assertThat(stored).matches("pbkdf2-sha256\\$10\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=");
        assertThat(FAST.matches("sock", stored)).isTrue();
        assertThat(FAST.matches("sack", stored)).isFalse();
        assertThat(FAST.hash("sock")).as("the same password, another salt, another hash").isNotEqualTo(stored);
        assertThat(FAST.matches("sock", stored.replace("$10$", "$11$"))).as("the count is part of the hash").isFalse();
    }

    @Test
    @DisplayName("§10.2 unknown user and wrong password: the same answer, and the same work (a dummy hash for the unknown user)")
    void answersUnknownUserLikeWrongPassword(@TempDir Path dir) throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), FAST);
        store.register("alice", "open sesame");
        LoginService service = new LoginService(store, new LoginThrottle(Clock.systemUTC()));

        long before = store.hashChecks();
        String unknown = service.handle(login("mallory", "x"));
        long afterUnknown = store.hashChecks();
        String wrong = service.handle(login("alice", "x"));

        assertThat(unknown).isEqualTo(wrong).isEqualTo("{\"ok\":false,\"message\":\"wrong user name or password\"}");
        assertThat(afterUnknown - before).as("a PBKDF2 check for the unknown user too").isEqualTo(1);
        assertThat(store.hashChecks() - afterUnknown).isEqualTo(1);
        assertThat(service.handle(login("alice", "open sesame"))).isEqualTo("{\"ok\":true,\"message\":\"welcome alice\"}");
    }

    @Test
    @DisplayName("§10.2 broken text: a lone surrogate becomes '?' inside PBKDF2, and bytes that are not UTF-8 become U+FFFD: different passwords, one hash")
    void reproducesBrokenTextPasswordsCollide() {
        String stored = FAST.hash("\udc00\udc00\ud800x"); // JSON can carry it: "\udc00\udc00\ud800x"
        assertThat(FAST.matches("???x", stored)).as("PBKDF2 encodes the password as UTF-8, a lone surrogate as '?'").isTrue();

        String sent1 = new String(new byte[] {'x', (byte) 0xff}, StandardCharsets.UTF_8);
        String sent2 = new String(new byte[] {'x', (byte) 0xfe}, StandardCharsets.UTF_8);
        assertThat(sent1).as("two different byte strings, decoded leniently").isEqualTo(sent2).isEqualTo("x\uFFFD");
        assertThat(FAST.matches(sent2, FAST.hash(sent1))).isTrue();
    }

    @Test
    @DisplayName("§10.2 fix: broken text is refused (registering and logging in), never turned into '?'; real characters outside the BMP are fine")
    void fixesBrokenTextByRefusingIt(@TempDir Path dir) throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), FAST);
        String refusal = "a password cannot contain broken text (a lone surrogate, or U+FFFD where bytes were not UTF-8)";
        assertThatThrownBy(() -> store.register("bob", "\udc00\udc00\ud800x")).hasMessage(refusal);
        assertThatThrownBy(() -> store.register("bob", "x\ud800")).hasMessage(refusal);
        assertThatThrownBy(() -> store.register("bob", "x\uFFFD")).hasMessage(refusal);
        store.register("bob", "\uD83D\uDE00 open 芝麻"); // a surrogate pair (an emoji) and Chinese: real text
        assertThat(store.verify("bob", "\uD83D\uDE00 open 芝麻")).isTrue();

        LoginService service = new LoginService(store, new LoginThrottle(Clock.systemUTC()));
        assertThat(service.handle("{\"op\": \"register\", \"user\": \"carol\", \"password\": \"\\udc00\\udc00\\ud800x\"}"))
                .isEqualTo("{\"ok\":false,\"message\":\"" + refusal + "\"}");
        assertThat(store.exists("carol")).isFalse();
        assertThat(service.handle(login("bob", "\\ud83d\\ude00 open 芝麻"))).contains("welcome bob");
    }

    /** A user file with bob in it, reopened with {@code pbkdf2} for the test. */
    private static PasswordStore storeWithBob(Path dir, PasswordHasher.Pbkdf2 pbkdf2) throws IOException {
        PasswordStore.open(dir.resolve("users.txt"), FAST).register("bob", "right");
        return PasswordStore.open(dir.resolve("users.txt"), new PasswordHasher(10, pbkdf2));
    }

    @Test
    @DisplayName("§10.2 check-then-act: 20 guesses for one user at the same moment all pass the throttle before any failure is counted, and all 20 are checked")
    void reproducesConcurrentGuessesBypassingTheThrottle(@TempDir Path dir) throws Exception {
        CountingPbkdf2 pbkdf2 = new CountingPbkdf2();
        PasswordStore store = storeWithBob(dir, pbkdf2);
        LoginThrottle throttle = new LoginThrottle(new ManualClock());
        // Each check waits until all 20 are inside: certain only if the throttle let all 20 through.
        CyclicBarrier allInside = new CyclicBarrier(20);
        pbkdf2.before(() -> await(allInside));
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<Boolean>> checked = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = "guess" + i;
                checked.add(clients.submit(() -> {
                    // The order of the calls as it was: ask, check (slow), then record.
                    if (!throttle.waitBeforeAttempt("bob").isZero()) {
                        return false;
                    }
                    if (!store.verify("bob", guess)) {
                        throttle.failed("bob");
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : checked) {
                assertThat(f.get(20, TimeUnit.SECONDS)).as("checked, not throttled").isTrue();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(pbkdf2.calls()).as("20 PBKDF2 checks for one user at once; the throttle allows 3").isEqualTo(20);
        assertThat(throttle.waitBeforeAttempt("bob")).as("only now the throttle knows").isPositive();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("not all guesses reached the check at once", e);
        }
    }

    @Test
    @DisplayName("§10.2 fix: the throttle's turn is taken before the slow hash: 20 guesses at once are judged one after another, 3 are checked and 17 wait")
    void fixesConcurrentGuessesWithTheThrottleTakenFirst(@TempDir Path dir) throws Exception {
        CountingPbkdf2 pbkdf2 = new CountingPbkdf2();
        PasswordStore store = storeWithBob(dir, pbkdf2);
        Authenticator authenticator = new Authenticator(store, new LoginThrottle(new ManualClock())); // time stands still
        CountDownLatch allStarted = new CountDownLatch(20);
        pbkdf2.before(() -> await(allStarted)); // the first check waits until every guess has been sent
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<String> answers = new ArrayList<>();
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = "guess" + i;
                sent.add(clients.submit(() -> {
                    allStarted.countDown();
                    return authenticator.login("bob", guess).message();
                }));
            }
            for (Future<String> f : sent) {
                answers.add(f.get(20, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(pbkdf2.calls()).as("3 free failures checked, whatever the order").isEqualTo(3);
        assertThat(pbkdf2.mostAtOnce()).as("one check at a time for one user").isEqualTo(1);
        assertThat(answers).filteredOn(Authenticator.WRONG::equals).hasSize(3);
        assertThat(answers).filteredOn(a -> a.equals("too many failed logins for bob: try again in 1 s")).hasSize(17);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("§10.2 timing after raising the count: a user's old hash (10 iterations) is checked 100 times faster than a stranger's dummy at today's 1,000")
    void reproducesOldHashCheaperThanUnknownUser(@TempDir Path dir) throws Exception {
        PasswordStore.open(dir.resolve("users.txt"), new PasswordHasher(10)).register("alice", "right");
        String aliceLine = Files.readAllLines(dir.resolve("users.txt")).get(0);
        String oldHash = aliceLine.substring("alice:".length());
        CountingPbkdf2 pbkdf2 = new CountingPbkdf2();
        PasswordHasher today = new PasswordHasher(1_000, pbkdf2);

        long knownUser = pbkdf2.iterationsOf(() -> today.matches("wrong", oldHash)); // what a check of the line costs
        long unknownUser = pbkdf2.iterationsOf(() -> today.spend(today.iterations())); // a check at the store's count

        assertThat(knownUser).isEqualTo(10);
        assertThat(unknownUser).as("measured on the real server: 3 ms against 262 ms").isEqualTo(1_000);
    }

    @Test
    @DisplayName("§10.2 fix: every check costs today's count (an old hash gets the difference added) and a right login rehashes at today's count")
    void fixesTimingAfterRaisingTheCountWithEqualWork(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.txt");
        PasswordStore.open(file, new PasswordHasher(10)).register("alice", "right");
        CountingPbkdf2 pbkdf2 = new CountingPbkdf2();
        PasswordStore store = PasswordStore.open(file, new PasswordHasher(1_000, pbkdf2));

        assertThat(pbkdf2.iterationsOf(() -> assertThat(store.verify("alice", "wrong")).isFalse())).isEqualTo(1_000);
        assertThat(pbkdf2.iterationsOf(() -> assertThat(store.verify("mallory", "wrong")).isFalse())).isEqualTo(1_000);
        assertThat(Files.readString(file)).startsWith("alice:pbkdf2-sha256$10$");

        assertThat(pbkdf2.iterationsOf(() -> assertThat(store.verify("alice", "right")).isTrue()))
                .as("the check, then a new hash at today's count").isEqualTo(2_000);
        assertThat(Files.readString(file)).startsWith("alice:pbkdf2-sha256$1000$");
        assertThat(pbkdf2.iterationsOf(() -> assertThat(store.verify("alice", "wrong")).isFalse())).isEqualTo(1_000);
        assertThat(PasswordStore.open(file, FAST).verify("alice", "right")).as("the rehashed line works").isTrue();
    }

    @Test
    @DisplayName("§10.2 repeated failures slow down (1 s, 2 s, 4 s ...), a success resets, and nobody is locked out for good")
    void slowsDownRepeatedFailuresWithoutLockingOut(@TempDir Path dir) throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), FAST);
        store.register("bob", "right");
        ManualClock clock = new ManualClock();
        LoginService service = new LoginService(store, new LoginThrottle(clock));

        for (int i = 0; i < 3; i++) {
            assertThat(service.handle(login("bob", "wrong"))).contains(Authenticator.WRONG);
        }
        assertThat(service.handle(login("bob", "right"))).as("even the right password waits, unchecked")
                .contains("too many failed logins for bob: try again in 1 s");
        assertThat(service.handle(login("mallory", "x"))).as("other names untouched").contains(Authenticator.WRONG);
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.handle(login("bob", "wrong"))).contains(Authenticator.WRONG);
        assertThat(service.handle(login("bob", "wrong"))).contains("try again in 2 s");
        clock.advance(Duration.ofSeconds(2));
        assertThat(service.handle(login("bob", "wrong"))).contains(Authenticator.WRONG);
        assertThat(service.handle(login("bob", "right"))).contains("try again in 4 s");
        clock.advance(Duration.ofSeconds(4));
        for (int i = 0; i < 20; i++) { // an attacker's long run: the wait stops growing at 5 minutes
            assertThat(service.handle(login("bob", "wrong"))).contains(Authenticator.WRONG);
            clock.advance(Duration.ofMinutes(5));
        }
        clock.advance(Duration.ofSeconds(-1));
        assertThat(service.handle(login("bob", "right"))).contains("try again in 1 s");
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.handle(login("bob", "right"))).as("not locked out for good").contains("welcome bob");
        assertThat(service.handle(login("bob", "wrong"))).as("reset by the success").contains(Authenticator.WRONG);
        service.handle(login("bob", "wrong"));
        service.handle(login("bob", "wrong"));
        assertThat(service.handle(login("bob", "wrong"))).contains("try again in 1 s");
        clock.advance(Duration.ofMinutes(61));
        assertThat(service.handle(login("bob", "wrong"))).contains(Authenticator.WRONG);
        assertThat(service.handle(login("bob", "wrong"))).as("failures an hour old are forgotten").contains(Authenticator.WRONG);
    }

    @Test
    @DisplayName("§10.2 bad input: a flood of made-up names does not grow the back-off table without bound")
    void boundsTheBackOffTable() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(clock, 100);
        for (int i = 0; i < 3; i++) {
            throttle.failed("bob");
        }
        for (int i = 0; i < 99; i++) {
            throttle.failed("made-up-" + i);
        }
        assertThat(throttle.tracked()).isEqualTo(100);
        assertThat(throttle.waitBeforeAttempt("bob")).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("made-up-one-more");
        assertThat(throttle.tracked()).isEqualTo(100);
        assertThat(throttle.waitBeforeAttempt("bob")).as("the entry quiet the longest went first").isZero();
    }

    @Test
    @DisplayName("§10.2 bad input: damaged lines are reported with their numbers, the good users still log in, and a save keeps the damaged lines")
    void reportsDamagedLineAndKeepsGoodUsers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.txt");
        PasswordStore first = PasswordStore.open(file, FAST);
        first.register("alice", "a-password");
        first.register("bob", "b-password");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String aliceLine = lines.get(0);
        lines.add(1, "carol:pbkdf2-sha256$1000$not base64$!!");
        lines.add("alex|5d41402abc4b2a76b9719d911017c592"); // the course's format
        lines.add("dave:" + aliceLine.substring("alice:".length()).replace("$10$", "$2000000000$")); // a count no login could afford
        lines.add(aliceLine); // alice again
        Files.write(file, lines);
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, java.nio.file.StandardOpenOption.APPEND);

        PasswordStore reopened = PasswordStore.open(file, FAST);

        assertThat(reopened.problems()).containsExactly(
                "users.txt line 2 is damaged and was skipped",
                "users.txt line 4 is damaged and was skipped",
                "users.txt line 5 is damaged and was skipped",
                "users.txt line 6 repeats the user alice and was skipped",
                "users.txt line 7 is damaged and was skipped");
        assertThat(reopened.verify("alice", "a-password")).isTrue();
        assertThat(reopened.verify("bob", "b-password")).isTrue();
        assertThat(reopened.exists("carol")).isFalse();
        assertThat(reopened.exists("dave")).isFalse();

        reopened.register("erin", "e-password");
        List<String> saved = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        assertThat(saved).hasSize(8).contains("carol:pbkdf2-sha256$1000$not base64$!!", "alex|5d41402abc4b2a76b9719d911017c592");
        assertThat(saved.get(7)).startsWith("erin:pbkdf2-sha256$10$");
    }

    @Test
    @DisplayName("§10.2 bad input: an over-long or odd user name, an empty or over-long password, a taken name are refused")
    void refusesBadNamesAndPasswords(@TempDir Path dir) throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), FAST);
        store.register("alice", "pw");
        store.register("a".repeat(32), "x".repeat(256)); // the longest allowed
        assertThatThrownBy(() -> store.register("a".repeat(33), "pw")).hasMessage("a user name is 1 to 32 letters, digits, '_', '.' or '-'");
        assertThatThrownBy(() -> store.register("al:ice", "pw")).hasMessage("a user name is 1 to 32 letters, digits, '_', '.' or '-'");
        assertThatThrownBy(() -> store.register("", "pw")).hasMessage("a user name is 1 to 32 letters, digits, '_', '.' or '-'");
        assertThatThrownBy(() -> store.register("bob", "x".repeat(257))).hasMessage("a password is 1 to 256 characters");
        assertThatThrownBy(() -> store.register("bob", "")).hasMessage("a password is 1 to 256 characters");
        assertThatThrownBy(() -> store.register("alice", "again")).hasMessage("the name alice is taken");

        long before = store.hashChecks();
        assertThat(store.verify("alice", "x".repeat(100_000))).isFalse();
        assertThat(store.hashChecks()).as("a huge password is refused without hashing it").isEqualTo(before);
        LoginService service = new LoginService(store, new LoginThrottle(Clock.systemUTC()));
        assertThat(service.handle(login("a".repeat(33), "pw")))
                .isEqualTo("{\"ok\":false,\"message\":\"a user name is 1 to 32 letters, digits, '_', '.' or '-'\"}");
    }

    @Test
    @DisplayName("§10.2 the user file is written whole or not at all: a failed save leaves the old file and no temporary file")
    void writesUserFileWholeOrNotAtAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.txt");
        PasswordStore store = PasswordStore.open(file, FAST);
        store.register("alice", "pw");
        byte[] saved = Files.readAllBytes(file);
        assertThat(new String(saved, StandardCharsets.UTF_8)).startsWith("alice:pbkdf2-sha256$10$").endsWith("\n");

        // Make the final rename impossible: the user file's name is now a non-empty folder.
        Files.move(file, dir.resolve("moved.txt"));
        Files.createDirectory(file);
        Files.writeString(file.resolve("blocker"), "x");

        assertThatThrownBy(() -> store.register("bob", "pw")).isInstanceOf(IOException.class);
        assertThat(store.exists("bob")).as("not saved, so not registered").isFalse();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("users.txt", "moved.txt");
        }
        assertThat(Files.readAllBytes(dir.resolve("moved.txt"))).isEqualTo(saved);
    }

    @Test
    @DisplayName("§10.2 one store shared by threads (the homework's server): users registered at once are all saved")
    void registersFromManyThreadsAtOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.txt");
        PasswordStore store = PasswordStore.open(file, FAST);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Void>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "user" + i;
                all.add(threads.submit(() -> {
                    go.await();
                    store.register(name, "pw-" + name);
                    return null;
                }));
            }
            go.countDown();
            for (Future<Void> f : all) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        PasswordStore reopened = PasswordStore.open(file, FAST);
        assertThat(reopened.problems()).isEmpty();
        for (int i = 0; i < 8; i++) {
            assertThat(reopened.verify("user" + i, "pw-user" + i)).isTrue();
        }
    }
}
