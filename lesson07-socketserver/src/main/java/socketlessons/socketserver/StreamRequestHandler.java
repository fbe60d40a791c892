package socketlessons.socketserver;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.Deadlines.Deadline;

/**
 * Python's {@code socketserver.StreamRequestHandler}: {@code setup} wraps the connection in a
 * reader ({@code rfile}) and a writer ({@code wfile}), UTF-8 both. Read with {@link #readLine()}
 * and write with {@link #writeLine(String)}: lines end in {@code \n} whatever the platform, and
 * every line is sent when it is written. (No {@code PrintWriter}: it swallows errors and picks
 * the platform's line ending.)
 *
 * <p>Bad input ends the connection with a {@link ProtocolException} that the server logs with the
 * client's address: bytes that are not UTF-8, or a line longer than {@link #MAX_LINE_CHARS}.
 */
public abstract class StreamRequestHandler extends BaseRequestHandler<Socket> {

    /** A longer line is refused: a stranger cannot make us buffer without end. */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    /** Python's {@code self.rfile}: the connection's bytes decoded as UTF-8; malformed bytes are an error, not a '?'. */
    protected BufferedReader rfile;
    /** Python's {@code self.wfile}: UTF-8 onto the connection; {@link #writeLine} flushes. */
    protected BufferedWriter wfile;

    @Override
    protected void setup() throws IOException {
        rfile = new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
        wfile = new BufferedWriter(new OutputStreamWriter(request.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * The next line, without its {@code \n} (or {@code \r\n}); null once the client has closed
     * its side. A last line without {@code \n} is returned as it is, as Python's readline does.
     */
    protected String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        try {
            while ((c = rfile.read()) != -1) {
                if (c == '\n') {
                    return withoutCarriageReturn(line);
                }
                if (line.length() == MAX_LINE_CHARS) {
                    throw new ProtocolException("a line longer than " + MAX_LINE_CHARS + " characters");
                }
                line.append((char) c);
            }
        } catch (CharacterCodingException e) {
            throw new ProtocolException("the client sent bytes that are not UTF-8 text (" + e + ")");
        }
        return line.length() == 0 ? null : withoutCarriageReturn(line);
    }

    private static String withoutCarriageReturn(StringBuilder line) {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    /** Writes a line and its {@code \n}, and sends it now; a client that does not read it is cut off at the timeout. */
    protected void writeLine(String line) throws IOException {
        Deadline answerTime = ((TcpServer) server).answerDeadline(request);
        try (answerTime) {
            wfile.write(line);
            wfile.write('\n');
            wfile.flush();
        }
    }

    /** Sends what a subclass wrote to {@code wfile} without flushing. */
    @Override
    protected void finish() throws IOException {
        if (wfile != null && !request.isClosed()) {
            wfile.flush();
        }
    }
}
