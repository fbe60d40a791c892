package socketlessons.socketserver;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Python's {@code socketserver.StreamRequestHandler}: {@code setup} wraps the connection in a
 * line reader ({@code rfile}) and a writer ({@code wfile}), UTF-8 both; {@code finish} flushes
 * what is left. Lines end in {@code \n} whatever the platform: use {@link #writeLine}.
 */
public abstract class StreamRequestHandler extends BaseRequestHandler<Socket> {

    /** A line longer than this is refused: a stranger cannot make us buffer without end. */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    protected BufferedReader rfile;
    protected BufferedWriter wfile;

    @Override
    protected void setup() throws IOException {
        rfile = new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
        wfile = new BufferedWriter(new OutputStreamWriter(request.getOutputStream(), StandardCharsets.UTF_8));
    }

    /** The next line without its {@code \n}; null when the client closed its side. */
    protected String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = rfile.read()) != -1) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() == MAX_LINE_CHARS) {
                throw new IOException("a line longer than " + MAX_LINE_CHARS + " characters");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    /** Writes a line and its {@code \n}, and sends it now. */
    protected void writeLine(String line) throws IOException {
        wfile.write(line);
        wfile.write('\n');
        wfile.flush();
    }

    @Override
    protected void finish() throws IOException {
        if (!request.isClosed()) {
            wfile.flush();
        }
    }
}
