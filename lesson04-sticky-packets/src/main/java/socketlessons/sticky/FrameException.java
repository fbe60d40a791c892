package socketlessons.sticky;

import java.io.IOException;

/**
 * A frame that cannot be right: a negative length, a length above the maximum, or a stream
 * that ended inside a header or a body. The connection it came from cannot be trusted to
 * find the next frame boundary any more: close it.
 */
public final class FrameException extends IOException {

    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }

    static FrameException badLength(int length, int maxFrameLength) {
        if (length < 0) {
            return new FrameException("frame length " + length + " is negative");
        }
        return new FrameException("frame length " + length + " is above the maximum of " + maxFrameLength + " bytes");
    }
}
