package socketlessons.sticky;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * §6.2 the other way to mark boundaries: a delimiter, here a newline after each message
 * (HTTP headers, SMTP, Redis' inline commands). Simple and readable, with two limits: a
 * message may not contain the delimiter, and a peer that never sends one makes the reader
 * wait and buffer, so the reader needs a maximum.
 */
public final class LineCodec {

    private final int maxLineBytes;

    public LineCodec(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Sends one message and its newline; refuses a message that contains a newline. */
    public void writeLine(OutputStream out, String message) throws IOException {
        if (message.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a message of a newline-delimited protocol cannot contain a newline");
        }
        out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Reads up to the next newline; null when the stream ended cleanly between lines.
     *
     * @throws FrameException when no newline comes within the maximum, or the stream ends mid-line
     */
    public String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (line.size() == 0) {
                    return null;
                }
                throw FrameException.truncated("stream ended after " + line.size() + " bytes of a line without its newline");
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() == maxLineBytes) {
                throw new FrameException("no newline within " + maxLineBytes + " bytes");
            }
            line.write(b);
        }
    }
}
