package socketlessons.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Repeated failures for one user slow down: after the 3rd failure in a row, the next attempt
 * must wait 1 s, then 2 s, 4 s ... up to 5 minutes. A success resets it. Nobody is locked out
 * for good (an attacker could otherwise lock out any user by failing on purpose), but guessing
 * online drops to a few tries an hour. The clock is a parameter, so tests need no sleeps.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 3;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new HashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code name} must still wait before the next attempt; zero when it may try now. */
    public synchronized Duration waitBeforeAttempt(String name) {
        Failures f = failures.get(name);
        if (f == null || f.count() < FREE_FAILURES) {
            return Duration.ZERO;
        }
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(20, f.count() - FREE_FAILURES));
        if (wait.compareTo(LONGEST_WAIT) > 0) {
            wait = LONGEST_WAIT;
        }
        Duration left = Duration.between(clock.instant(), f.last().plus(wait));
        return left.isNegative() ? Duration.ZERO : left;
    }

    public synchronized void failed(String name) {
        Failures f = failures.get(name);
        failures.put(name, new Failures(f == null ? 1 : f.count() + 1, clock.instant()));
    }

    public synchronized void succeeded(String name) {
        failures.remove(name);
    }
}
