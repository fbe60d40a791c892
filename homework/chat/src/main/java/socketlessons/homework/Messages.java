package socketlessons.homework;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import socketlessons.sticky.FrameException;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * One end of a homework connection (the chat's and the upload's): every message is a small
 * JSON object in one of lesson04's length-prefixed frames (4 bytes, big-endian). The upload adds
 * lesson04's header pattern: a file's body goes raw between two messages, as many bytes as the
 * message before it announced, read with bounded reads ({@link #body()}) so not one byte of the
 * next message is taken. Reading is for one thread, and so is writing (the chat's
 * {@code Frames} holds a lock around {@link #send} for its many writers).
 */
public final class Messages {

    /** A message is a few dozen bytes; a peer that claims more is not speaking this protocol. */
    public static final int MAX_MESSAGE = 64 * 1024;

    /** How much of a body moves per read and write: big enough that per-call costs vanish. */
    public static final int CHUNK = 256 * 1024;

    /** The buffers every connection holds from its first byte: small, so idle connections cost little (a body's reads of CHUNK bytes pass them by). */
    private static final int BUFFER = 8 * 1024;

    public static final ObjectMapper JSON = new ObjectMapper();

    private final LengthPrefixCodec codec = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, MAX_MESSAGE);
    private final InputStream in;
    private final OutputStream out;

    public Messages(InputStream in, OutputStream out) {
        this.in = new BufferedInputStream(in, BUFFER);
        this.out = new BufferedOutputStream(out, BUFFER);
    }

    /**
     * The next message; null at a clean end of stream.
     *
     * @throws FrameException for a bad length or a stream cut inside a frame (the stream is lost)
     * @throws BadMessage for a whole frame that is not a JSON object (the stream is still in step)
     */
    public ObjectNode read() throws IOException {
        byte[] frame = codec.readFrame(in);
        if (frame == null) {
            return null;
        }
        try {
            if (JSON.readTree(frame) instanceof ObjectNode message) {
                return message;
            }
        } catch (JacksonException e) {
            throw new BadMessage("not JSON: " + e.getOriginalMessage());
        }
        throw new BadMessage("not a JSON object");
    }

    /**
     * Waits for the first byte of the next message, and leaves it unread: true when it came, false
     * at a clean end of stream. A server waits here for as long as a client may be idle between
     * messages; the deadline for the message itself starts when this returns (issue 20).
     */
    public boolean awaitMessage() throws IOException {
        in.mark(1);
        if (in.read() == -1) {
            return false;
        }
        in.reset();
        return true;
    }

    /** Sends one message as one frame, and flushes. */
    public void send(ObjectNode message) throws IOException {
        send(encode(message));
    }

    /** Sends one message {@linkplain #encode encoded} already (once for many receivers), as one frame, and flushes. */
    public void send(byte[] json) throws IOException {
        codec.writeFrame(out, json);
    }

    /** The message as UTF-8 JSON: text kept exactly (a lone surrogate is written as its escape, not as {@code ?}). */
    public static byte[] encode(ObjectNode message) throws IOException {
        return JSON.writeValueAsBytes(message);
    }

    /** Where a body is read from: use it for exactly the bytes announced, no more. */
    public InputStream body() {
        return in;
    }

    /** Where a body is written to; {@link #send} after it flushes both. */
    public OutputStream bodyOut() {
        return out;
    }

    public static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    public static ObjectNode error(String text) {
        return message("error").put("message", text);
    }

    /** A text field, or null when it is missing or not text. */
    public static String text(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** A whole number of 0 or more, or -1 when the field is missing or is anything else. */
    public static long count(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0 ? value.asLong() : -1;
    }

    /** {@code text} as a JSON string, quotes and escapes included: safe to print in a log line whatever it holds. */
    public static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a String always serializes", e);
        }
    }

    /** A frame that arrived whole but is not a message: answer it and go on. */
    public static final class BadMessage extends IOException {
        private static final long serialVersionUID = 1L;

        BadMessage(String message) {
            super(message);
        }
    }
}
