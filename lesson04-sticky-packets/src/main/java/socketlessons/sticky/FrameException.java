package socketlessons.sticky;

import java.io.IOException;

/**
 * A frame that cannot be right: a negative length, a length above the maximum, or a stream
 * that ended inside a header or a body. The connection it came from cannot be trusted to
 * find the next frame boundary any more: close it.
 */
public final class FrameException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean truncated;

    public FrameException(String message) {
        this(message, false);
    }

    private FrameException(String message, boolean truncated) {
        super(message);
        this.truncated = truncated;
    }

    /** The stream ended inside a frame: the peer went away, as opposed to sending something wrong. */
    public static FrameException truncated(String message) {
        return new FrameException(message, true);
    }

    /** Whether the stream ended inside a frame ({@link #truncated(String)}) rather than carrying a bad one. */
    public boolean isTruncated() {
        return truncated;
    }

    static FrameException badLength(int length, int maxFrameLength) {
        if (length < 0) {
            return new FrameException("frame length " + length + " is negative");
        }
        return new FrameException("frame length " + length + " is above the maximum of " + maxFrameLength + " bytes");
    }
}
