package socketlessons.socketserver;

import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The classroom's §9 handler: whatever the client sends comes back in upper case.
 *
 * <pre>
 * class MyServer(socketserver.BaseRequestHandler):
 *     def handle(self):
 *         conn = self.request
 *         while True:
 *             msg = conn.recv(1024).decode('utf-8')
 *             conn.send(msg.upper().encode('utf-8'))
 * </pre>
 *
 * Fixed where the classroom goes wrong: it stops at end of stream (the classroom loops on
 * {@code b''} forever), and it decodes with a reader that keeps a character cut between two
 * reads until its last byte comes. Bare text (the course's clients) and lines (ours) both work.
 */
public class UpperEchoHandler extends BaseRequestHandler<Socket> {

    @Override
    protected void handle() throws Exception {
        Reader in = new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8);
        OutputStream out = request.getOutputStream();
        char[] buf = new char[1024];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                String msg = new String(buf, 0, n);
                out.write(msg.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (SocketTimeoutException e) {
            server.log("closing " + BaseServer.format(clientAddress) + ": silent for longer than the timeout");
        }
    }
}
