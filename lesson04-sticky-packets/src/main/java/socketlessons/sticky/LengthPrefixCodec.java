package socketlessons.sticky;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * §6.2 the fix for 粘包: every message goes as a frame, a 4-byte signed length and then that
 * many bytes of body. The reader reads exactly 4 bytes, then exactly that many: message
 * boundaries survive however TCP glues or splits the stream.
 *
 * <p>Big-endian by default (network byte order, Python's {@code struct.pack('!i', n)}, Java's
 * {@code DataOutputStream.writeInt}). The course's {@code struct.pack('i', n)} is the
 * machine's own order: little-endian on x86 and ARM, so talk to it with
 * {@code ByteOrder.LITTLE_ENDIAN}.
 */
public final class LengthPrefixCodec {

    /** A frame above this is refused unless the codec is built with another maximum. */
    public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

    static final int HEADER_BYTES = 4;

    /** Bodies up to this size are sent with their header in one write (see writeFrame). */
    private static final int ONE_WRITE_LIMIT = 8 * 1024;

    /** A body is read in steps of at most this much, so a claimed length costs nothing until bytes come. */
    private static final int READ_STEP = 64 * 1024;

    private final ByteOrder order;
    private final int maxFrameLength;

    /** Big-endian, frames up to {@link #DEFAULT_MAX_FRAME}. */
    public LengthPrefixCodec() {
        this(ByteOrder.BIG_ENDIAN, DEFAULT_MAX_FRAME);
    }

    public LengthPrefixCodec(ByteOrder order, int maxFrameLength) {
        if (maxFrameLength < 0) {
            throw new IllegalArgumentException("maxFrameLength must be 0 or more: " + maxFrameLength);
        }
        this.order = order;
        this.maxFrameLength = maxFrameLength;
    }

    public ByteOrder order() {
        return order;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** The frame for {@code body}: header and body in one array, for writers that send whole buffers. */
    public byte[] encode(byte[] body) {
        checkOutgoing(body.length);
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + body.length).order(order);
        frame.putInt(body.length).put(body);
        return frame.array();
    }

    /** The frame for the remaining bytes of {@code body} (consumed), as {@link #encode(byte[])}: for bodies from {@link FrameDecoder}. */
    public byte[] encode(ByteBuffer body) {
        checkOutgoing(body.remaining());
        return ByteBuffer.allocate(HEADER_BYTES + body.remaining()).order(order).putInt(body.remaining()).put(body).array();
    }

    /** The same frame in {@code out} (cleared first, then flipped, ready to write; it must have room): for a writer that reuses one buffer. */
    public ByteBuffer encode(ByteBuffer body, ByteBuffer out) {
        checkOutgoing(body.remaining());
        return out.clear().order(order).putInt(body.remaining()).put(body).flip();
    }

    /** Writes one frame and flushes it. */
    public void writeFrame(OutputStream out, byte[] body) throws IOException {
        checkOutgoing(body.length);
        if (body.length <= ONE_WRITE_LIMIT) {
            // One write, not two: a 4-byte write followed by a small one can wait for the
            // peer's delayed ACK under Nagle's algorithm (40 ms on Linux).
            out.write(encode(body));
        } else {
            out.write(header(body.length));
            out.write(body);
        }
        out.flush();
    }

    /**
     * Reads one frame and returns its body; {@code null} when the stream ended cleanly, before
     * the first byte of a header.
     *
     * @throws FrameException for a bad length, or a stream that ends inside a frame
     */
    public byte[] readFrame(InputStream in) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        int got = in.readNBytes(header, 0, HEADER_BYTES); // loops over short reads: never trust one read(4)
        if (got == 0) {
            return null;
        }
        if (got < HEADER_BYTES) {
            throw FrameException.truncated("stream ended after " + got + " of " + HEADER_BYTES + " header bytes");
        }
        int length = ByteBuffer.wrap(header).order(order).getInt();
        if (length < 0 || length > maxFrameLength) {
            throw FrameException.badLength(length, maxFrameLength);
        }
        return readBody(in, length);
    }

    /** Reads exactly {@code length} bytes, allocating only as they arrive. */
    private static byte[] readBody(InputStream in, int length) throws IOException {
        byte[] body = new byte[Math.min(length, READ_STEP)];
        int filled = 0;
        while (filled < length) {
            if (filled == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
            }
            int n = in.read(body, filled, body.length - filled);
            if (n == -1) {
                throw FrameException.truncated("stream ended after " + filled + " of " + length + " body bytes");
            }
            filled += n;
        }
        return body;
    }

    byte[] header(int length) {
        return ByteBuffer.allocate(HEADER_BYTES).order(order).putInt(length).array();
    }

    private void checkOutgoing(int length) {
        if (length > maxFrameLength) {
            throw new IllegalArgumentException("a body of " + length + " bytes is above the maximum of " + maxFrameLength);
        }
    }
}
