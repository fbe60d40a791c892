package socketlessons.tcpchat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The course's wire, byte for byte, to talk to its Python programs: a message is the bare
 * UTF-8 text, one {@code send} each, no newline; and one {@code recv(1024)} is taken to be one
 * message. That is its flaw: a message longer than 1024 bytes is cut, two messages sent before
 * the other side reads come out as one, and a character can be split. Use it only with the
 * course's programs ({@code --course-wire}).
 *
 * <p>A cut character: Python's {@code .decode('utf-8')} raises {@code UnicodeDecodeError} and
 * the course's program dies; {@code new String(bytes, UTF_8)} puts U+FFFD (�) in its place,
 * so here the damage stays visible and the chat goes on, out of step.
 */
public final class CourseWire implements Wire {

    private final InputStream in;
    private final OutputStream out;

    public CourseWire(Socket socket) throws IOException {
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    @Override
    public String receive() throws IOException {
        byte[] buf = new byte[1024];
        int n = in.read(buf); // msg = conn.recv(1024)
        return n == -1 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void send(String message) throws IOException {
        out.write(message.getBytes(StandardCharsets.UTF_8)); // conn.send(inp.encode('utf-8'))
        out.flush();
    }
}
