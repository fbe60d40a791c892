package socketlessons.sticky;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * §6.2 the frames of {@link LengthPrefixCodec}, from whatever slices a non-blocking read delivers (lesson05).
 * Like Netty's {@code ByteToMessageDecoder} it cumulates, in its own buffer: {@code channel.read(decoder.buffer())},
 * then {@code decode(handler)}. Each body is a read-only view of bytes it never writes again: the handler's to keep.
 */
public final class FrameDecoder {

    /** Receives each whole frame's body: read-only, and the handler's to keep. */
    public interface FrameHandler {
        void onFrame(ByteBuffer body) throws IOException;
    }

    private static final int HEADER = LengthPrefixCodec.HEADER_BYTES, MIN_ROOM = 1024, MAX_ROOM = 64 * 1024;
    private final int maxFrameLength;
    private ByteBuffer buffer, view; // [0, start) handed out | [start, position) a partial frame | room; view: read-only
    private int start, readFrom, biggestRead; // biggestRead: the largest read into this buffer
    private boolean failed;

    public FrameDecoder(ByteOrder order, int maxFrameLength) {
        this.buffer = ByteBuffer.allocate(0).order(order);
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Where the next read goes. With room below a read (and a 16th of it) and the partial frame not fitting, a new one takes
     * it over (the only copy made here): 16 times the largest read, at most 64 KiB, or room for the frame, its length
     * trusted up to 64 KiB or 32 times the bytes that came.
     */
    public ByteBuffer buffer() {
        int held = buffer.position() - start;
        boolean fits = held >= HEADER && start + HEADER + (long) buffer.getInt(start) <= buffer.capacity();
        if (!fits && buffer.remaining() <= Math.min(biggestRead, buffer.capacity() / 16)) {
            long frame = held < HEADER ? 0 : HEADER + Math.min(buffer.getInt(start), Math.max(MAX_ROOM, 32L * (held - HEADER)));
            long room = Math.max(frame, Math.min(MAX_ROOM, Math.max(MIN_ROOM, 16L * biggestRead)));
            buffer = ByteBuffer.allocate((int) room).put(buffer.array(), start, held).order(buffer.order());
            view = buffer.asReadOnlyBuffer();
            start = biggestRead = 0;
        }
        readFrom = buffer.position();
        return buffer;
    }

    /** Hands each whole frame read so far to {@code handler}. A bad length throws {@link FrameException}, for good. */
    public void decode(FrameHandler handler) throws IOException {
        if (failed) {
            throw new FrameException("decoder already failed: close the connection");
        }
        biggestRead = Math.max(biggestRead, buffer.position() - readFrom);
        for (int length; buffer.position() - start >= HEADER; start += HEADER + length) {
            if ((length = buffer.getInt(start)) < 0 || length > maxFrameLength) {
                failed = true;
                throw FrameException.badLength(length, maxFrameLength);
            }
            if (buffer.position() - start - HEADER < length) {
                return; // the rest of the body comes with the next reads
            }
            handler.onFrame(view.slice(start + HEADER, length));
        }
    }

    /** Opt-in, like Netty's {@code release()}: no body handed out is kept (each was copied), so reads may go over them. */
    public void recycle() {
        if (start == buffer.position() && buffer.capacity() > Math.max(MAX_ROOM, 2L * biggestRead)) { // nothing held, a big room,
            buffer = ByteBuffer.allocate(0).order(buffer.order()); // and reads of half its size do not fill it: it goes
            start = biggestRead = 0;
        } else if (start > 0) { // (at 0, nothing was handed out since, or a partial frame is at the front already)
            System.arraycopy(buffer.array(), start, buffer.array(), 0, buffer.position() - start); // a partial frame
            buffer.position(buffer.position() - start);
            start = 0;
        }
    }

    /** For bytes read elsewhere: copies them into {@link #buffer()} and decodes, as often as it takes. */
    public void feed(ByteBuffer in, FrameHandler handler) throws IOException {
        for (int n; in.hasRemaining(); in.position(in.position() + n), decode(handler)) {
            buffer().put(in.slice(in.position(), n = Math.min(buffer.remaining(), in.remaining()))); // buffer() first: it may swap
        }
    }

    /** True while bytes of an unfinished frame are held. */
    public boolean hasPartialFrame() { return buffer.position() > start; }

    int bufferCapacity() { return buffer.capacity(); } // for the tests: a claim is not trusted, a big frame's room not kept
}
