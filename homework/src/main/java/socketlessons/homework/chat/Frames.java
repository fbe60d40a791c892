package socketlessons.homework.chat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * One end of a chat connection: lesson04's length-prefixed frames, each carrying one JSON
 * object. Reading is for one thread; writing is for many (a user's own handler, and every
 * handler that relays to this user), so {@link #send} holds a lock for the whole frame: two
 * frames never interleave on the wire.
 */
public final class Frames implements AutoCloseable {

    /** A chat frame is small; this is plenty, and what a peer may claim is capped by it. */
    static final int MAX_FRAME = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final LengthPrefixCodec codec = new LengthPrefixCodec(java.nio.ByteOrder.BIG_ENDIAN, MAX_FRAME);
    private final InputStream in;
    private final OutputStream out;

    public Frames(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** The next JSON object; null at a clean end of stream. A frame that is not a JSON object is an {@link BadMessage}. */
    public ObjectNode receive() throws IOException {
        byte[] body = codec.readFrame(in);
        if (body == null) {
            return null;
        }
        try {
            if (JSON.readTree(body) instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            throw new BadMessage("not JSON: " + e.getOriginalMessage());
        }
        throw new BadMessage("not a JSON object");
    }

    /** Sends one JSON object as one frame; safe to call from several threads at once. */
    public void send(ObjectNode message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(message);
        synchronized (out) {
            codec.writeFrame(out, body);
        }
    }

    public static ObjectNode object(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A frame that arrived whole but does not hold a usable message: answer with an error and go on. */
    public static final class BadMessage extends IOException {
        private static final long serialVersionUID = 1L;

        BadMessage(String message) {
            super(message);
        }
    }
}
