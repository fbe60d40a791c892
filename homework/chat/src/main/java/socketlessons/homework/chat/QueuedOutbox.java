package socketlessons.homework.chat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import socketlessons.basics.Deadlines;
import socketlessons.homework.Messages;

/**
 * The fix for a user who stops reading (issue 20, item 8): frames wait in a queue, and one
 * thread per connection writes them, so nobody else's thread ever blocks in this connection's
 * {@code write}. Two limits keep one user from costing more than its share:
 * <ul>
 * <li>at most {@code maxWaiting} bytes wait: a relay that would go past it cuts the user off
 *     (it does not read, or not fast enough to keep up with its friends);</li>
 * <li>one write may take at most {@code writeLimit} (lesson01's {@link Deadlines}): a user who
 *     stops reading with little to receive is cut off too, and the writer thread is freed.</li>
 * </ul>
 * The connection's own answers ({@link #put}) wait for room instead: a client that sends
 * faster than it reads its answers is slowed down (its handler stops reading its requests),
 * not cut off.
 */
final class QueuedOutbox implements Outbox {

    private final Socket socket;
    private final Messages messages;
    private final long maxWaiting;
    private final Duration writeLimit;
    private final Deadlines deadlines;
    private final Consumer<String> log;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Thread writer;
    private long waiting;
    private boolean finishing;
    private boolean closed;
    private volatile String who;

    QueuedOutbox(Socket socket, Messages messages, String address, long maxWaiting, Duration writeLimit, Deadlines deadlines,
                 Consumer<String> log) {
        this.socket = socket;
        this.messages = messages;
        this.who = address;
        this.maxWaiting = maxWaiting;
        this.writeLimit = writeLimit;
        this.deadlines = deadlines;
        this.log = log;
        this.writer = new Thread(this::writeAll, "chat writer " + address);
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public boolean offer(byte[] json) {
        synchronized (this) {
            if (closed || finishing) {
                return false;
            }
            if (waiting + json.length <= maxWaiting) {
                add(json);
                return true;
            }
        }
        cutOff("more than " + maxWaiting / 1024 + " KiB waited for it (it does not read)");
        return false;
    }

    @Override
    public synchronized void put(byte[] json) throws IOException {
        try {
            while (!closed && !queue.isEmpty() && waiting + json.length > maxWaiting) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while waiting to answer");
        }
        if (closed) {
            throw new SocketException("connection closed");
        }
        add(json);
    }

    private void add(byte[] json) {
        queue.add(json);
        waiting += json.length;
        notifyAll();
    }

    /** The next frame to write; null when the connection is closed, or finished and drained. */
    private synchronized byte[] take() throws InterruptedException {
        while (queue.isEmpty() && !closed && !finishing) {
            wait();
        }
        if (closed || queue.isEmpty()) {
            return null;
        }
        byte[] json = queue.poll();
        waiting -= json.length;
        notifyAll(); // a put() may be waiting for room
        return json;
    }

    private void writeAll() {
        try {
            for (byte[] json = take(); json != null; json = take()) {
                try (Deadlines.Deadline deadline = deadlines.start(socket, writeLimit)) {
                    try {
                        messages.send(json);
                    } catch (IOException e) {
                        if (deadline.expired()) {
                            long millis = writeLimit.toMillis(); // 30 s in chat-server; a test's limit may be under a second
                            log.accept(who + ": cut off: a write waited " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms")
                                    + " (it does not read)");
                        }
                        return; // gone, reset, or cut off: its handler sees the closed socket
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    @Override
    public void loggedInAs(String user) {
        who = who + " (" + user + ")";
    }

    @Override
    public void cutOff(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        log.accept(who + ": cut off: " + reason);
        close();
    }

    @Override
    public synchronized void finish() {
        finishing = true;
        notifyAll();
    }

    @Override
    public void awaitFinished(Duration limit) throws InterruptedException {
        writer.join(Math.max(1, limit.toMillis()));
    }

    private void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            waiting = 0;
            notifyAll();
        }
        try {
            socket.close(); // its handler's blocked read ends too
        } catch (IOException ignored) {
            // closed already
        }
    }
}
