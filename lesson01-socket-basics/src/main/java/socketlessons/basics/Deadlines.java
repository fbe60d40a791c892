package socketlessons.basics;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Time limits for whole steps of a conversation, enforced by closing the connection.
 *
 * <p>{@code setSoTimeout} counts silence per read: a peer that drips one byte a second never
 * trips it. And Java's blocking sockets have no send timeout at all: a peer that stops
 * reading leaves our {@code write} blocked for as long as it likes. Closing the socket from
 * another thread ends both the blocked read and the blocked write (they throw), so one timer
 * thread per server bounds every step:
 *
 * <pre>
 * try (Deadline answer = deadlines.start(conn, Duration.ofSeconds(10))) {
 *     read the whole request; write the whole reply      // closed at 10 s, however slow the peer
 * }
 * </pre>
 */
public final class Deadlines implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;

    public Deadlines(String name) {
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name + " deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // a finished step leaves nothing behind in the queue
    }

    /**
     * Closes {@code connection} unless the returned deadline is closed within {@code limit}; zero
     * means no limit. After {@link #close()} (the server is stopping) the time is already up:
     * the connection is closed at once.
     */
    public Deadline start(Closeable connection, Duration limit) {
        Deadline deadline = new Deadline(connection);
        if (!limit.isZero() && !limit.isNegative()) {
            try {
                deadline.task = timer.schedule(deadline::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                deadline.expire();
            }
        }
        return deadline;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One step's limit: close it when the step is done in time. */
    public static final class Deadline implements AutoCloseable {
        private final Closeable connection;
        private volatile ScheduledFuture<?> task;
        private volatile boolean expired;

        private Deadline(Closeable connection) {
            this.connection = connection;
        }

        private void expire() {
            expired = true;
            try {
                connection.close(); // the blocked read or write throws at once
            } catch (IOException e) {
                // closing a socket only fails when it is closed already
            }
        }

        /** True when the time ran out and the connection was closed: why a read or write just failed. */
        public boolean expired() {
            return expired;
        }

        @Override
        public void close() {
            ScheduledFuture<?> scheduled = task;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
