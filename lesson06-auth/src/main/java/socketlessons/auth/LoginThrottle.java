package socketlessons.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Repeated failures for one user slow down: after the 3rd failure in a row, the next attempt
 * must wait 1 s, then 2 s, 4 s ... up to 5 minutes. A success resets it. Nobody is locked out
 * for good (an attacker could otherwise lock out any user by failing on purpose), but guessing
 * one user's password online drops to a dozen tries an hour. Failures more than an hour old
 * are forgotten, so last week's typos do not slow down today's login.
 *
 * <p>Use {@link #begin}: it takes the turn for one attempt atomically, so that guesses sent at
 * the same moment are checked one after another, each after the failures before it were
 * counted. Calling {@link #waitBeforeAttempt}, then the slow check, then {@link #failed} is a
 * check-then-act race: twenty guesses at once all pass the first call before any failure is
 * recorded, and all twenty are checked.
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
    /** Names with an attempt being checked now: at most one per name. */
    private final Set<String> checking = new HashSet<>();

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

    /**
     * One attempt to log in as one name. {@link #allowed()} says whether to check the password;
     * then report {@link #succeeded()} or {@link #failed()}. Closing it lets the next attempt
     * for the name go ahead.
     */
    public final class Attempt implements AutoCloseable {
        private final String name;
        private final Duration wait;
        private boolean open;

        private Attempt(String name, Duration wait, boolean open) {
            this.name = name;
            this.wait = wait;
            this.open = open;
        }

        /** True when the password may be checked now. */
        public boolean allowed() {
            return wait.isZero();
        }

        /** How long the name must still wait when not {@link #allowed()}. */
        public Duration mustWait() {
            return wait;
        }

        public void succeeded() {
            LoginThrottle.this.succeeded(name);
        }

        public void failed() {
            LoginThrottle.this.failed(name);
        }

        @Override
        public void close() {
            synchronized (LoginThrottle.this) {
                if (open) {
                    open = false;
                    checking.remove(name);
                    LoginThrottle.this.notifyAll();
                }
            }
        }
    }

    /**
     * Takes the turn for one attempt at {@code name}: while another attempt for the same name
     * is being checked, this waits for it (a check takes a fraction of a second), so that its
     * failure is counted before this attempt is judged. Other names never wait for each other.
     * Use it in try-with-resources.
     */
    public synchronized Attempt begin(String name) {
        while (checking.contains(name)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is stopping: refuse, check nothing
                return new Attempt(name, FIRST_WAIT, false);
            }
        }
        Duration wait = waitBeforeAttempt(name);
        if (!wait.isZero()) {
            return new Attempt(name, wait, false);
        }
        checking.add(name);
        return new Attempt(name, Duration.ZERO, true);
    }

    /**
     * How long {@code name} must still wait before the next attempt; zero when it may try now.
     * Not atomic with the check that follows: prefer {@link #begin}.
     */
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
