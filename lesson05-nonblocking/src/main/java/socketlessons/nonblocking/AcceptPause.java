package socketlessons.nonblocking;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.util.function.Consumer;

/**
 * What every accept loop of this lesson does when {@code accept()} fails: "Too many open
 * files", most often. The waiting client stays in the kernel's backlog, so trying again at once
 * fails again at once, forever: a loop at a full core that writes a log line each time (lesson07
 * wrote 632,936 of them in 10 s). Instead: pause {@link #MILLIS} between tries, say so once
 * when the failures start, and once when an accept succeeds again.
 *
 * <p>Thread loops sleep for what {@link #failed} returns. Selector loops call
 * {@link #pause}, which stops asking for {@code OP_ACCEPT}; {@link #selectTimeoutMillis()}
 * wakes the loop when the pause is over and {@link #resumeIfDue} asks again.
 */
final class AcceptPause {

    /** How long to wait after a failed accept before the next try. */
    static final long MILLIS = 100;

    private final Consumer<String> log;
    private long failures; // in this episode: since the last accept that worked
    private long pausedUntil; // nanoTime, while paused
    private boolean paused;

    AcceptPause(Consumer<String> log) {
        this.log = log;
    }

    /** Counts a failed accept, says so if it is the first of an episode; returns how long to wait. */
    synchronized long failed(IOException e) {
        if (failures++ == 0) {
            log.accept("accept failed: " + e + "; trying again every " + MILLIS + " ms (said once, until an accept works)");
        }
        return MILLIS;
    }

    /** An accept worked: ends an episode of failures, saying how many there were. */
    synchronized void accepted() {
        if (failures > 0) {
            log.accept("accepting again after " + failures + " failed accepts");
            failures = 0;
        }
    }

    /** For a selector loop: counts the failure and stops asking for OP_ACCEPT for a while. */
    synchronized void pause(SelectionKey acceptKey, IOException e) {
        pausedUntil = System.nanoTime() + failed(e) * 1_000_000;
        paused = true;
        acceptKey.interestOps(0);
    }

    synchronized boolean paused() {
        return paused;
    }

    /** 0 (no limit) unless paused; then how long until the pause is over, at least 1 ms. */
    synchronized long selectTimeoutMillis() {
        return paused ? Math.max(1, (pausedUntil - System.nanoTime()) / 1_000_000) : 0;
    }

    /** Asks for OP_ACCEPT again once the pause is over. */
    synchronized void resumeIfDue(SelectionKey acceptKey) {
        if (paused && System.nanoTime() - pausedUntil >= 0) {
            paused = false;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }
}
