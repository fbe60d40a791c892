package socketlessons.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Repeated failures for one user slow down: after the 3rd failure in a row, the next attempt
 * must wait 1 s, then 2 s, 4 s ... up to 5 minutes. A success resets it. Nobody is locked out
 * for good (an attacker could otherwise lock out any user by failing on purpose), but guessing
 * one user's password online drops to a dozen tries an hour. Failures more than an hour old
 * are forgotten, so last week's typos do not slow down today's login.
 *
 * <p>The clock is a parameter, so tests move time by hand instead of sleeping. The table is
 * bounded: a flood of made-up names pushes out the oldest entries instead of filling memory.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 3;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(5);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** How many names with recent failures are remembered. */
    static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures;

    public LoginThrottle(Clock clock) {
        this(clock, MAX_TRACKED);
    }

    LoginThrottle(Clock clock, int maxTracked) {
        this.clock = clock;
        // Insertion order, and failed() re-inserts: the eldest entry is the one quiet the longest.
        this.failures = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** How long {@code name} must still wait before the next attempt; zero when it may try now. */
    public synchronized Duration waitBeforeAttempt(String name) {
        Failures f = recent(name);
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

    /** Records a failed attempt for {@code name}. */
    public synchronized void failed(String name) {
        Failures f = recent(name);
        failures.remove(name); // re-inserted last: the table's order is the order of the last failure
        failures.put(name, new Failures(f == null ? 1 : f.count() + 1, clock.instant()));
    }

    /** The failures of {@code name}, or null when there are none or the last is over an hour old. */
    private Failures recent(String name) {
        Failures f = failures.get(name);
        if (f != null && Duration.between(f.last(), clock.instant()).compareTo(FORGET_AFTER) > 0) {
            failures.remove(name);
            return null;
        }
        return f;
    }

    /** Records a success: {@code name} starts afresh. */
    public synchronized void succeeded(String name) {
        failures.remove(name);
    }

    /** How many names the throttle remembers now. */
    synchronized int tracked() {
        return failures.size();
    }
}
