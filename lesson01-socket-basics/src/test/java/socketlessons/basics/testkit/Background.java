package socketlessons.basics.testkit;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one blocking step of a test (a server's accept, a client's read) on a thread of its
 * own. Not on the common ForkJoinPool: with 2 CPUs it has one worker, and a second blocking
 * task would wait behind the first until the test's timeout.
 */
public final class Background {

    private Background() {
    }

    /** Starts {@code step} on a new daemon thread; the future completes with its result or its exception. */
    public static <T> CompletableFuture<T> call(Callable<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(step.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "test background step");
        thread.setDaemon(true);
        thread.start();
        return result;
    }
}
