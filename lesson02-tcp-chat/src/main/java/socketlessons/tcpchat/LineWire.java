package socketlessons.tcpchat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Our wire: each message is one line of UTF-8 ending in {@code \n}. The reader collects bytes
 * up to the newline, however TCP glued or cut them, and only then decodes, so a message longer
 * than one read, two messages in one read, and a Chinese character split between reads all
 * come out right. A message may not contain a newline, and a line has a maximum length
 * (lesson04 shows the general fix, a length prefix).
 */
public final class LineWire implements Wire {

    /** A chat line longer than this (without its newline) is not a chat line: the connection is closed. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private final InputStream in;
    private final OutputStream out;

    public LineWire(Socket socket) throws IOException {
        this(socket.getInputStream(), socket.getOutputStream());
    }

    /** Over any pair of streams: the socket's, or a test's that hands out one byte per read. */
    public LineWire(InputStream in, OutputStream out) {
        this.in = new BufferedInputStream(in);
        this.out = out;
    }

    @Override
    public String receive() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (line.size() == 0) {
                    return null; // end of stream between messages: the peer closed, nothing lost
                }
                throw new EOFException("the other side closed in the middle of a line ("
                        + line.size() + " bytes without a newline)");
            }
            if (b == '\n') {
                return decode(line.toByteArray());
            }
            if (line.size() == MAX_LINE_BYTES) {
                // never buffer without a bound what a stranger sends
                throw new ChatProtocolException("a line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    @Override
    public void send(String message) throws IOException {
        if (message.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a chat line cannot contain a newline");
        }
        // one write of the whole line; an OutputStream, never a PrintWriter, so errors are not swallowed
        out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Strict UTF-8: bytes that are not UTF-8 are an error, not silently replaced. */
    private static String decode(byte[] bytes) throws ChatProtocolException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text; // a Windows peer's CRLF
        } catch (CharacterCodingException e) {
            throw new ChatProtocolException("a line that is not UTF-8 (" + bytes.length + " bytes)");
        }
    }
}
