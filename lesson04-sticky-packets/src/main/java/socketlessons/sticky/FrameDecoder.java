package socketlessons.sticky;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * §6.2 the frames of {@link LengthPrefixCodec}, decoded from whatever slices a non-blocking read
 * delivers (lesson05). Like Netty's {@code ByteToMessageDecoder} it cumulates: the 4 header bytes,
 * then the body, over as many feeds as they take; each whole body is handed out once, to keep.
 */
public final class FrameDecoder {

    /** Receives each whole frame's body: a new buffer, the handler's to keep. */
    @FunctionalInterface
    public interface FrameHandler {
        void onFrame(ByteBuffer body) throws IOException;
    }

    /** Room made for a body before its bytes come: a claimed length is trusted no further than this. */
    private static final int FIRST_ROOM = 64 * 1024;

    private final int maxFrameLength;
    private final ByteBuffer header = ByteBuffer.allocate(LengthPrefixCodec.HEADER_BYTES);
    private ByteBuffer body; // null while a header is being read
    private int length; // the body's length, once its header is read
    private boolean failed;

    public FrameDecoder(ByteOrder order, int maxFrameLength) {
        if (maxFrameLength < 0) {
            throw new IllegalArgumentException("maxFrameLength must be 0 or more: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
        header.order(order);
    }

    /**
     * Consumes every remaining byte of {@code in}, calling {@code handler} once per whole frame.
     * A negative or oversized length throws {@link FrameException}; the decoder is unusable after it.
     */
    public void feed(ByteBuffer in, FrameHandler handler) throws IOException {
        if (failed) {
            throw new FrameException("decoder already failed: close the connection");
        }
        while (in.hasRemaining()) {
            if (body == null && !readHeader(in)) {
                return; // the rest of the header comes with the next feed
            }
            int take = Math.min(in.remaining(), length - body.position());
            if (take > body.remaining()) { // more has come than the room made: 16 times what came, at most the length
                body = ByteBuffer.allocate((int) Math.min(length, 16L * (body.position() + take))).put(body.flip());
            }
            in.get(body.array(), body.position(), take); // one copy, straight into the body
            body.position(body.position() + take);
            if (body.position() == length) {
                ByteBuffer whole = body.flip();
                body = null; // the next frame gets a buffer of its own
                handler.onFrame(whole);
            }
        }
    }

    /** Collects the header's bytes; once all 4 are in, checks the length and makes room for the body. */
    private boolean readHeader(ByteBuffer in) throws FrameException {
        while (header.hasRemaining() && in.hasRemaining()) {
            header.put(in.get());
        }
        if (header.hasRemaining()) {
            return false;
        }
        length = header.getInt(0);
        header.clear();
        if (length < 0 || length > maxFrameLength) {
            failed = true;
            throw FrameException.badLength(length, maxFrameLength);
        }
        body = ByteBuffer.allocate(Math.min(length, Math.max(FIRST_ROOM, in.remaining()))); // whole if here or small
        return true;
    }

    /** True while bytes of an unfinished frame are held. */
    public boolean hasPartialFrame() {
        return header.position() > 0 || body != null;
    }

    /** Bytes held for an unfinished body (to check that a claim is not trusted). */
    int bufferCapacity() {
        return body == null ? 0 : body.capacity();
    }
}
