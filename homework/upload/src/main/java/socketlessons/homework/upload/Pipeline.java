package socketlessons.homework.upload;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Two threads on one stream of bytes, so that hashing and writing overlap: the calling thread
 * fills a buffer and {@link #hand hands} it over; a second thread drains it and gives it back.
 * On the server the caller receives and hashes, the drain writes to the file; on the client the
 * caller reads the file, the drain hashes and sends (each end's two big costs on two threads,
 * the disk's wait on the server's drain). {@link #BUFFERS} buffers of
 * {@link #BUFFER_SIZE} go round and round: memory stays the same whatever the file's size, and
 * a filler faster than the drain waits for a free buffer (back-pressure, not a growing queue).
 *
 * <pre>
 * calling thread:  take a free buffer → fill it (and hash it) → hand it over ─┐
 *                        ↑                                                     ↓
 * drain thread:          └───── give it back ←── (hash it and) write it ←── take the next
 * </pre>
 *
 * A failure of the drain (a full disk, a reset) is kept, and thrown to the calling thread at
 * its next {@link #free()} or {@link #flush()}; the drain goes on giving buffers back unwritten,
 * so the calling thread never waits for a buffer that will not come.
 */
final class Pipeline implements AutoCloseable {

    /** Where the drain thread puts each buffer's bytes. */
    @FunctionalInterface
    interface Drain {
        void write(byte[] bytes, int length) throws IOException;
    }

    /** What the drain thread does when nothing has come for {@link #IDLE_MILLIS}: a pause in the stream. */
    @FunctionalInterface
    interface Idle {
        void pause() throws IOException;
    }

    static final long IDLE_MILLIS = 20;

    /** One being filled, one being drained, two ready in between to absorb the jitter of either side (a busy machine deschedules threads for milliseconds). */
    static final int BUFFERS = 4;

    /** Large enough that a hand-over (a few microseconds) is nothing beside filling or draining it. */
    static final int BUFFER_SIZE = 1 << 20;

    private record Piece(byte[] bytes, int length) {
    }

    private static final Piece STOP = new Piece(new byte[0], 0);

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Piece> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Drain drain;
    private final Idle idle;
    private final Thread drainer;
    private volatile IOException failure;
    private boolean closed;

    /** Starts the drain thread, named {@code name} in a thread dump. */
    Pipeline(String name, Drain drain) {
        this(name, drain, () -> { });
    }

    /** @param idle called on the drain thread when the stream pauses */
    Pipeline(String name, Drain drain, Idle idle) {
        this.drain = drain;
        this.idle = idle;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
        drainer = new Thread(this::drainAll, name);
        drainer.setDaemon(true);
        drainer.start();
    }

    /** A buffer to fill; waits while all of them are full or being drained. */
    byte[] free() throws IOException {
        throwFailure();
        byte[] buffer = take(free);
        throwFailure();
        return buffer;
    }

    /** Hands {@code length} bytes of {@code buffer} (one {@link #free()} gave) to the drain thread. */
    void hand(byte[] buffer, int length) throws IOException {
        put(new Piece(buffer, length));
    }

    /** Gives an unused buffer back. */
    void giveBack(byte[] buffer) {
        free.add(buffer);
    }

    /** Waits until every byte handed over is drained; throws the drain's failure, if any. */
    void flush() throws IOException {
        byte[][] all = new byte[BUFFERS][];
        for (int i = 0; i < BUFFERS; i++) {
            all[i] = take(free); // all buffers back: nothing is left in flight
        }
        for (byte[] buffer : all) {
            free.add(buffer);
        }
        throwFailure();
    }

    /** Drains what was handed over, then stops the drain thread; a failure is not thrown (see {@link #flush()}). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        put(STOP);
        try {
            drainer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the last buffers were written");
        }
    }

    private void drainAll() {
        try {
            while (true) {
                Piece piece = filled.poll(IDLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (piece == null) {
                    try {
                        if (failure == null) {
                            idle.pause();
                        }
                    } catch (IOException | RuntimeException e) {
                        failure = e instanceof IOException io ? io : new IOException(e);
                    }
                    piece = filled.take();
                }
                if (piece == STOP) {
                    return;
                }
                try {
                    if (failure == null) {
                        drain.write(piece.bytes(), piece.length());
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e instanceof IOException io ? io : new IOException(e);
                } finally {
                    free.add(piece.bytes());
                }
            }
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("the drain thread was interrupted");
        }
    }

    private void throwFailure() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw e;
        }
    }

    private void put(Piece piece) throws IOException {
        try {
            filled.put(piece);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing a buffer over");
        }
    }

    private static byte[] take(BlockingQueue<byte[]> queue) throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a free buffer");
        }
    }
}
