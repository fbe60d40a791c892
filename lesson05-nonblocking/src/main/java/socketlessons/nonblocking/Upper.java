package socketlessons.nonblocking;

import java.nio.ByteBuffer;

/** The classroom's {@code msg.upper()}, on bytes: ASCII letters only, so UTF-8 stays intact. */
final class Upper {

    private Upper() {
    }

    /** Upper-cases the remaining bytes of {@code buf} where they are. */
    static void inPlace(ByteBuffer buf) {
        for (int i = buf.position(); i < buf.limit(); i++) {
            byte b = buf.get(i);
            if (b >= 'a' && b <= 'z') {
                buf.put(i, (byte) (b - 32));
            }
        }
    }

    /** Copies {@code body} into {@code out}, upper-cased. */
    static void copy(ByteBuffer body, ByteBuffer out) {
        while (body.hasRemaining()) {
            byte b = body.get();
            out.put(b >= 'a' && b <= 'z' ? (byte) (b - 32) : b);
        }
    }
}
