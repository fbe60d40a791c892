package socketlessons.homework.chat;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Consumer;
import socketlessons.homework.Messages;

/**
 * The chat's first outbox, kept to show its flaw (issue 20, item 8): every writer writes on
 * its own thread, under the connection's lock so that two frames never interleave. When the
 * user stops reading, the kernel's buffers fill, one writer blocks in {@code write} holding
 * the lock, and every other writer (a friend's message, a login's "X is online" notice) waits
 * for that lock: one user who does not read freezes the others. Use {@link QueuedOutbox}.
 */
final class StallingOutbox implements Outbox {

    private final Socket socket;
    private final Messages messages;
    private final Consumer<String> log;
    private volatile String who;

    StallingOutbox(Socket socket, Messages messages, String address, Consumer<String> log) {
        this.socket = socket;
        this.messages = messages;
        this.who = address;
        this.log = log;
    }

    @Override
    public synchronized boolean offer(byte[] json) {
        try {
            messages.send(json); // blocks, lock held, for as long as the user does not read
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void put(byte[] json) throws IOException {
        messages.send(json);
    }

    @Override
    public void loggedInAs(String user) {
        who = who + " (" + user + ")";
    }

    @Override
    public void cutOff(String reason) {
        log.accept(who + ": cut off: " + reason);
        finish();
    }

    @Override
    public void finish() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void awaitFinished(Duration limit) {
        // every write happened on its caller's thread: nothing is left to wait for
    }
}
