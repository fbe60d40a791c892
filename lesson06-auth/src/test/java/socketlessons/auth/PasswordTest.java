package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 登陆: passwords stored right")
class PasswordTest {

    /** Fast enough for tests; the iteration count is not what these tests are about. */
    private static final PasswordHasher FAST = new PasswordHasher(1_000);

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
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    @DisplayName("§10.2 the course's md5(user + password): a 4-letter password is found from its file line by trying them all")
    void reproducesMd5LineGuessedQuickly() throws Exception {
        String line = "alex|" + Md5Guessing.courseHash("alex", "sock");

        Md5Guessing.Result found = Md5Guessing.crack("alex", line.substring(5), 4);

        assertThat(found.password()).isEqualTo("sock");
        assertThat(found.guesses()).isBetween(1L, 456_976L);
        assertThat(Md5Guessing.courseHash("bob", "sock")).as("no salt: the same input, the same line, everywhere")
                .isEqualTo(Md5Guessing.courseHash("bob", "sock"));
    }

    @Test
    @DisplayName("§10.2 fix: PBKDF2-HMAC-SHA256 with a random salt per user and OWASP's 600,000 iterations")
    void fixesWeakHashWithSaltedPbkdf2() {
        String stored = new PasswordHasher().hash("sock");

        assertThat(stored).startsWith("pbkdf2-sha256$600000$");
        assertThat(PasswordHasher.matches("sock", stored)).isTrue();
        assertThat(PasswordHasher.matches("sack", stored)).isFalse();
        assertThat(FAST.hash("sock")).as("the same password, another salt, another hash").isNotEqualTo(FAST.hash("sock"));
    }

    @Test
    @DisplayName("§10.2 unknown user and wrong password: the same answer, and the same work (a dummy hash for the unknown user)")
    void answersUnknownUserLikeWrongPassword(@TempDir Path dir) throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), FAST);
        store.register("alice", "open sesame");
        LoginService service = new LoginService(store, new LoginThrottle(Clock.systemUTC()));

        long before = store.hashChecks();
        String unknown = service.handle("{\"op\": \"login\", \"user\": \"mallory\", \"password\": \"x\"}");
        long afterUnknown = store.hashChecks();
        String wrong = service.handle("{\"op\": \"login\", \"user\": \"alice\", \"password\": \"x\"}");

        assertThat(unknown).isEqualTo(wrong).isEqualTo("{\"ok\":false,\"message\":\"wrong user name or password\"}");
        assertThat(afterUnknown - before).as("a PBKDF2 check for the unknown user too").isEqualTo(1);
        assertThat(store.hashChecks() - afterUnknown).isEqualTo(1);
        assertThat(service.handle("{\"op\": \"login\", \"user\": \"alice\", \"password\": \"open sesame\"}"))
                .isEqualTo("{\"ok\":true,\"message\":\"welcome alice\"}");
    }

    @Test
    @DisplayName("§10.2 repeated failures slow down (1 s, 2 s, 4 s ...), a success resets, and nobody is locked out for good")
    void slowsDownRepeatedFailuresWithoutLockingOut(@TempDir Path dir) throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), FAST);
        store.register("bob", "right");
        ManualClock clock = new ManualClock();
        LoginService service = new LoginService(store, new LoginThrottle(clock));
        String wrong = "{\"op\": \"login\", \"user\": \"bob\", \"password\": \"wrong\"}";
        String right = "{\"op\": \"login\", \"user\": \"bob\", \"password\": \"right\"}";

        for (int i = 0; i < 3; i++) {
            assertThat(service.handle(wrong)).contains(LoginService.WRONG);
        }
        assertThat(service.handle(right)).as("even the right password waits").contains("too many failed logins for bob: try again in 1 s");
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.handle(wrong)).contains(LoginService.WRONG);
        assertThat(service.handle(wrong)).contains("try again in 2 s");
        clock.advance(Duration.ofSeconds(2));
        assertThat(service.handle(right)).contains("welcome bob");
        assertThat(service.handle(wrong)).as("reset by the success").contains(LoginService.WRONG);
        assertThat(service.handle("{\"op\": \"login\", \"user\": \"carol\", \"password\": \"x\"}")).as("other users untouched").contains(LoginService.WRONG);
    }

    @Test
    @DisplayName("§10.2 bad input: a damaged line is reported with its number, and the good users still log in")
    void reportsDamagedLineAndKeepsGoodUsers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.txt");
        PasswordStore first = PasswordStore.open(file, FAST);
        first.register("alice", "a-password");
        first.register("bob", "b-password");
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.add(1, "carol:pbkdf2-sha256$1000$not base64$!!");
        lines.add("alex|5d41402abc4b2a76b9719d911017c592");
        Files.write(file, lines);

        PasswordStore reopened = PasswordStore.open(file, FAST);

        assertThat(reopened.problems()).containsExactly(
                "users.txt line 2 is damaged and was skipped", "users.txt line 4 is damaged and was skipped");
        assertThat(reopened.verify("alice", "a-password")).isTrue();
        assertThat(reopened.verify("bob", "b-password")).isTrue();
        assertThat(reopened.exists("carol")).isFalse();
    }

    @Test
    @DisplayName("§10.2 bad input: an over-long or odd user name, an empty or over-long password, a taken name are refused")
    void refusesBadNamesAndPasswords(@TempDir Path dir) throws Exception {
        PasswordStore store = PasswordStore.open(dir.resolve("users.txt"), FAST);
        store.register("alice", "pw");
        assertThatThrownBy(() -> store.register("a".repeat(33), "pw")).hasMessage("a user name is 1 to 32 letters, digits, '_', '.' or '-'");
        assertThatThrownBy(() -> store.register("al:ice", "pw")).hasMessage("a user name is 1 to 32 letters, digits, '_', '.' or '-'");
        assertThatThrownBy(() -> store.register("bob", "x".repeat(257))).hasMessage("a password is 1 to 256 characters");
        assertThatThrownBy(() -> store.register("bob", "")).hasMessage("a password is 1 to 256 characters");
        assertThatThrownBy(() -> store.register("alice", "again")).hasMessage("the name alice is taken");
        assertThat(store.verify("alice", "x".repeat(100_000))).isFalse();
    }

    @Test
    @DisplayName("§10.2 the user file is written whole or not at all: a failed save leaves the old file and no temporary file")
    void writesUserFileWholeOrNotAtAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.txt");
        PasswordStore store = PasswordStore.open(file, FAST);
        store.register("alice", "pw");
        byte[] saved = Files.readAllBytes(file);
        assertThat(new String(saved, StandardCharsets.UTF_8)).startsWith("alice:pbkdf2-sha256$1000$").endsWith("\n");

        // Make the final rename impossible: the user file's name is now a non-empty folder.
        Files.move(file, dir.resolve("moved.txt"));
        Files.createDirectory(file);
        Files.writeString(file.resolve("blocker"), "x");

        assertThatThrownBy(() -> store.register("bob", "pw")).isInstanceOf(java.io.IOException.class);
        assertThat(store.exists("bob")).as("not saved, so not registered").isFalse();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("users.txt", "moved.txt");
        }
        assertThat(Files.readAllBytes(dir.resolve("moved.txt"))).isEqualTo(saved);
    }
}
