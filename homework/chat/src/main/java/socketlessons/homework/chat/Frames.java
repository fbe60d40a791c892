package socketlessons.homework.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Socket;
import socketlessons.homework.Messages;

/**
 * One end of a chat connection: the homework's {@link Messages}, lesson04's length-prefixed
 * frames each carrying one JSON object. Reading is for one thread; writing is for many (a
 * user's own handler, and every handler that relays to this user), so {@link #send} holds a
 * lock for the whole frame: two frames never interleave on the wire.
 */
public final class Frames implements AutoCloseable {

    private final Socket socket;
    private final Messages messages;

    public Frames(Socket socket) throws IOException {
        this.socket = socket;
        this.messages = new Messages(socket.getInputStream(), socket.getOutputStream());
    }

    /** The next JSON object; null at a clean end of stream. A frame that is not a JSON object is a {@link Messages.BadMessage}. */
    public ObjectNode receive() throws IOException {
        return messages.read();
    }

    /** Sends one JSON object as one frame; safe to call from several threads at once. */
    public void send(ObjectNode message) throws IOException {
        synchronized (messages) {
            messages.send(message);
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

}
