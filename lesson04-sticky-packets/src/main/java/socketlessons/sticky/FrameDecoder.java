package socketlessons.sticky;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The length-prefix frame of {@link LengthPrefixCodec}, decoded incrementally for
 * non-blocking code: feed it bytes in whatever slices the network delivers, and it hands out
 * each whole frame once, keeping a partial header or body until the rest arrives.
 *
 * <p>A frame that lies whole inside the bytes fed is handed out as a view of them: no copy.
 * Only a frame cut across two feeds is copied, once, into the decoder's own buffer, which
 * grows as bytes arrive (a claimed length costs nothing until the bytes come) and is kept
 * for the next frame. The views are re-pointed from frame to frame rather than made anew, so
 * a server that reads into the same buffer every time creates no object per frame (the
 * benchmarks module measures it against Netty's decoder).
 */
public final class FrameDecoder {

    /** Receives each whole frame's body: read-only, and valid only during the call. */
    @FunctionalInterface
    public interface FrameHandler {
        void onFrame(ByteBuffer body) throws IOException;
    }

    private static final int FIRST_CAPACITY = 4 * 1024;
    /** A body buffer larger than this is dropped once a feed ends between frames: an idle connection holds no more. */
    private static final int KEEP_CAPACITY = 64 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ByteOrder order;
    private final int maxFrameLength;
    private final ByteBuffer header = ByteBuffer.allocate(LengthPrefixCodec.HEADER_BYTES);

    private ByteBuffer partial = EMPTY; // the body being collected
    private ByteBuffer partialView = EMPTY.asReadOnlyBuffer(); // what the handler sees of it
    private ByteBuffer input; // the buffer last fed...
    private ByteBuffer inputView; // ...and a read-only view of it, re-pointed at each frame
    private int bodyLength = -1; // -1: reading a header
    private boolean failed;

    public FrameDecoder(ByteOrder order, int maxFrameLength) {
        if (maxFrameLength < 0) {
            throw new IllegalArgumentException("maxFrameLength must be 0 or more: " + maxFrameLength);
        }
        this.order = order;
        this.maxFrameLength = maxFrameLength;
        header.order(order);
    }

    /**
     * Consumes every remaining byte of {@code in}, calling {@code handler} once per whole frame.
     *
     * @throws FrameException for a negative or oversized length; the decoder is unusable after it
     */
    public void feed(ByteBuffer in, FrameHandler handler) throws IOException {
        if (failed) {
            throw new FrameException("decoder already failed: close the connection");
        }
        while (in.hasRemaining()) {
            if (bodyLength < 0) {
                readHeader(in);
            } else if (partial.position() == 0 && in.remaining() >= bodyLength) {
                // The whole body is here: hand out a view of it, no copy.
                ByteBuffer body = viewOfInput(in, in.position(), bodyLength);
                in.position(in.position() + bodyLength);
                bodyLength = -1;
                handler.onFrame(body);
            } else {
                collectBody(in, handler);
            }
        }
        if (bodyLength == 0) {
            bodyLength = -1;
            handler.onFrame(EMPTY.asReadOnlyBuffer());
        }
        if (bodyLength < 0 && partial.capacity() > KEEP_CAPACITY) {
            // Between frames at the end of what arrived: a big buffer goes now, while big frames
            // arriving back to back (the next one already begun) keep using it.
            partial = EMPTY;
            partialView = EMPTY.asReadOnlyBuffer();
        }
    }

    /** Bytes {@code from} to {@code from + length} of {@code in}, read-only: one view per input buffer, not per frame. */
    private ByteBuffer viewOfInput(ByteBuffer in, int from, int length) {
        if (in != input) {
            input = in;
            inputView = in.asReadOnlyBuffer();
        }
        inputView.clear().position(from).limit(from + length);
        return inputView;
    }

    /** True while bytes of an unfinished frame are held. */
    public boolean hasPartialFrame() {
        return header.position() > 0 || bodyLength >= 0;
    }

    /** How many bytes the decoder holds allocated for bodies (to check it never trusts a claim). */
    int bufferCapacity() {
        return partial.capacity();
    }

    private void readHeader(ByteBuffer in) throws FrameException {
        int length;
        if (header.position() == 0 && in.remaining() >= LengthPrefixCodec.HEADER_BYTES) {
            ByteOrder was = in.order();
            length = in.order(order).getInt();
            in.order(was);
        } else {
            while (header.hasRemaining() && in.hasRemaining()) {
                header.put(in.get());
            }
            if (header.hasRemaining()) {
                return; // the rest of the header comes with the next feed
            }
            length = header.getInt(0);
            header.clear();
        }
        if (length < 0 || length > maxFrameLength) {
            failed = true;
            throw FrameException.badLength(length, maxFrameLength);
        }
        bodyLength = length; // 0 is a real, empty message: feed hands it out
    }

    private void collectBody(ByteBuffer in, FrameHandler handler) throws IOException {
        int missing = bodyLength - partial.position();
        int take = Math.min(missing, in.remaining());
        ensureRoom(take);
        partial.put(partial.position(), in, in.position(), take); // a bulk copy, no slice object
        partial.position(partial.position() + take);
        in.position(in.position() + take);
        if (partial.position() == bodyLength) {
            partialView.clear().limit(bodyLength);
            bodyLength = -1;
            partial.clear(); // the view keeps the bytes readable; the next frame overwrites them
            handler.onFrame(partialView);
        }
    }

    /** Grows the body buffer to hold {@code more} bytes: doubling, never beyond the body's length. */
    private void ensureRoom(int more) {
        int needed = partial.position() + more;
        if (needed <= partial.capacity()) {
            return;
        }
        long grown = Math.max(needed, Math.max(FIRST_CAPACITY, 2L * partial.capacity()));
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(grown, bodyLength));
        bigger.put(partial.flip());
        partial = bigger;
        partialView = bigger.asReadOnlyBuffer();
    }
}
