package socketlessons.nonblocking;

import java.nio.ByteBuffer;
import socketlessons.sticky.LengthPrefixCodec;

/** The classroom's {@code msg.upper()}, on bytes: ASCII letters only, so UTF-8 stays intact. */
final class Upper {

    private Upper() {
    }

    /** Upper-cases the remaining bytes of {@code buf} where they are. */
    static void inPlace(ByteBuffer buf) {
        if (buf.hasArray()) { // the array itself: a plain loop, fast even where the JIT does little (the tests' JVMs)
            byte[] bytes = buf.array();
            for (int i = buf.arrayOffset() + buf.position(); i < buf.arrayOffset() + buf.limit(); i++) {
                if (bytes[i] >= 'a' && bytes[i] <= 'z') {
                    bytes[i] -= 32;
                }
            }
            return;
        }
        for (int i = buf.position(); i < buf.limit(); i++) {
            byte b = buf.get(i);
            if (b >= 'a' && b <= 'z') {
                buf.put(i, (byte) (b - 32));
            }
        }
    }

    /**
     * The reply frame to {@code body}: lesson04's codec frames it (one copy of the body), and
     * the body is upper-cased where it lies in the frame; {@code body} is consumed.
     */
    static byte[] replyFrame(LengthPrefixCodec codec, ByteBuffer body) {
        int length = body.remaining();
        byte[] frame = codec.encode(body);
        inPlace(ByteBuffer.wrap(frame, frame.length - length, length));
        return frame;
    }

    /** The same frame in {@code out}, ready to write (lesson04's codec frames it there); {@code body} is consumed and must fit. */
    static ByteBuffer replyFrame(LengthPrefixCodec codec, ByteBuffer body, ByteBuffer out) {
        int length = body.remaining();
        ByteBuffer frame = codec.encode(body, out);
        inPlace(frame.position(frame.limit() - length));
        return frame.position(0);
    }

    /** The remaining bytes of {@code body}, upper-cased, in a new array; {@code body} is consumed. */
    static byte[] bytes(ByteBuffer body) {
        byte[] upper = new byte[body.remaining()];
        body.get(upper);
        inPlace(ByteBuffer.wrap(upper));
        return upper;
    }
}
