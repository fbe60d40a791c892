package socketlessons.auth;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's PBKDF2, counted: how many derivations a path makes and how many iterations they
 * cost, and how many run at once. The work a login does, measured without a clock.
 */
final class CountingPbkdf2 implements PasswordHasher.Pbkdf2 {

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong iterations = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    /** Runs at the start of each derivation (a latch or barrier to make an overlap certain). */
    private volatile Runnable before = () -> { };

    @Override
    public byte[] derive(String password, byte[] salt, int count) {
        calls.incrementAndGet();
        iterations.addAndGet(count);
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            before.run();
            return PasswordHasher.JDK.derive(password, salt, count);
        } finally {
            running.decrementAndGet();
        }
    }

    void before(Runnable action) {
        before = action;
    }

    long calls() {
        return calls.get();
    }

    /** Iterations spent by {@code action}. */
    long iterationsOf(Runnable action) {
        long start = iterations.get();
        action.run();
        return iterations.get() - start;
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }
}
