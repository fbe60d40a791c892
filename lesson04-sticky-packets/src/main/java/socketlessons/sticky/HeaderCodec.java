package socketlessons.sticky;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.function.LongConsumer;
import socketlessons.basics.PeerText;

/**
 * §6.2 the course's pattern for large bodies such as files: the length of a JSON header, the
 * JSON header ({@code {"filename": ..., "filesize": ...}}), then the body. The header is small
 * and framed; the body is streamed in chunks and never held whole, so a file larger than
 * memory goes through.
 *
 * <pre>
 * | 4 bytes: n | n bytes: {"filename": "a.txt", "filesize": 123} | 123 bytes of file |
 * </pre>
 */
public final class HeaderCodec {

    /** A JSON header is a few dozen bytes; anything above this is not one. */
    public static final int MAX_HEADER = 64 * 1024;

    static final int CHUNK = 64 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final LengthPrefixCodec frames;

    public HeaderCodec(ByteOrder order) {
        this.frames = new LengthPrefixCodec(order, MAX_HEADER);
    }

    /** What the header announces: the body's name and size. */
    public record FileHeader(String filename, long filesize) {
    }

    public void writeHeader(OutputStream out, FileHeader header) throws IOException {
        ObjectNode node = json.createObjectNode().put("filename", header.filename()).put("filesize", header.filesize());
        frames.writeFrame(out, json.writeValueAsBytes(node));
    }

    /**
     * Reads the framed JSON header; null when the stream ended cleanly before it.
     *
     * @throws FrameException when the header is not JSON, or lacks a name or a size
     */
    public FileHeader readHeader(InputStream in) throws IOException {
        byte[] bytes = frames.readFrame(in);
        if (bytes == null) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JacksonException e) {
            throw new FrameException("header is not JSON: " + PeerText.quote(e.getOriginalMessage())); // it quotes the peer's text
        }
        if (node == null || !node.isObject()) {
            throw new FrameException("header is not a JSON object: " + PeerText.quote(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        }
        JsonNode name = node.get("filename");
        JsonNode size = node.get("filesize");
        if (name == null || !name.isTextual()) {
            throw new FrameException("header lacks a text \"filename\": " + PeerText.quote(node.toString()));
        }
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw new FrameException("header lacks a \"filesize\" of 0 or more: " + PeerText.quote(node.toString()));
        }
        return new FileHeader(name.asText(), size.asLong());
    }

    /**
     * Copies exactly {@code size} bytes of body from {@code in} to {@code out}, in chunks,
     * asking each read for no more than what is left, so nothing of the next message is taken.
     */
    public static void copyBody(InputStream in, OutputStream out, long size, LongConsumer progress) throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(size, 1))];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n == -1) {
                throw FrameException.truncated("stream ended after " + (size - left) + " of " + size + " body bytes");
            }
            out.write(buf, 0, n);
            left -= n;
            progress.accept(size - left);
        }
    }
}
