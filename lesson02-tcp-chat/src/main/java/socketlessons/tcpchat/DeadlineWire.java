package socketlessons.tcpchat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import socketlessons.basics.Deadlines;
import socketlessons.basics.Deadlines.Deadline;

/**
 * A wire on which each whole message, and each whole answer, has a time limit.
 *
 * <p>{@code SO_TIMEOUT} counts silence per read: a client that sends one byte every second
 * never trips a 3-second timeout, and keeps the server's one thread as long as it likes. And a
 * write has no timeout at all: a client that stops reading fills its receive buffer and the
 * server's send buffer, and the server's {@code write} blocks for as long as it likes. Both hold
 * every client queued behind. A deadline (lesson01's {@link Deadlines}) closes the connection
 * when a whole step takes too long; the blocked read or write then fails at once.
 */
final class DeadlineWire implements Wire {

    /** The peer did not take our answer in time: its receive buffer stayed full (it does not read). */
    static final class AnswerNotTakenException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        AnswerNotTakenException(String message) {
            super(message);
        }
    }

    private final Wire wire;
    private final Socket conn;
    private final Deadlines deadlines;
    private final Duration limit;

    DeadlineWire(Wire wire, Socket conn, Deadlines deadlines, Duration limit) {
        this.wire = wire;
        this.conn = conn;
        this.deadlines = deadlines;
        this.limit = limit;
    }

    @Override
    public String receive() throws IOException {
        Deadline deadline = deadlines.start(conn, limit);
        try (deadline) {
            return wire.receive();
        } catch (IOException e) {
            if (deadline.expired()) { // the deadline closed the socket: that is why the read failed
                throw new SocketTimeoutException("no whole message in " + limit.toMillis() + " ms");
            }
            throw e;
        }
    }

    @Override
    public void send(String message) throws IOException {
        Deadline deadline = deadlines.start(conn, limit);
        try (deadline) {
            wire.send(message);
        } catch (IOException e) {
            if (deadline.expired()) {
                throw new AnswerNotTakenException("our answer not taken in " + limit.toMillis() + " ms");
            }
            throw e;
        }
    }
}
