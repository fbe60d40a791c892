package socketlessons.homework.chat;

import java.io.IOException;
import java.time.Duration;

/**
 * Where one connection's frames go out. Two kinds of writer use it: the connection's own
 * handler {@link #put}s its answers, and other users' handlers {@link #offer} what they relay
 * to this user (messages, notices). The second kind must never wait on this connection: a user
 * who stops reading would otherwise stop everyone who writes to them ({@link StallingOutbox}
 * shows how; {@link QueuedOutbox} is the fix).
 */
interface Outbox {

    /** From another user's thread: never waits for this connection. False when it is closed, or was just cut off for not reading. */
    boolean offer(byte[] json);

    /** From this connection's own handler: may wait while its own client is slow (nobody else waits). */
    void put(byte[] json) throws IOException;

    /** Names the user in what is logged about this connection. */
    void loggedInAs(String user);

    /** Closes the connection now, dropping what waits, and logs why. */
    void cutOff(String reason);

    /** Sends what is queued, then closes the connection (a takeover, the end of a conversation). */
    void finish();

    /** Waits until {@link #finish} has sent everything, at most {@code limit}. */
    void awaitFinished(Duration limit) throws InterruptedException;
}
