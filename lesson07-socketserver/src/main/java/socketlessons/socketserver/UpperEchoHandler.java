package socketlessons.socketserver;

import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import socketlessons.basics.Deadlines.Deadline;

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
 *
 * server = socketserver.ThreadingTCPServer(('127.0.0.1', 9000), MyServer)
 * server.serve_forever()
 * </pre>
 *
 * In Java: {@code new ThreadingTcpServer(new InetSocketAddress("127.0.0.1", 9000), UpperEchoHandler::new).serveForever()}
 * (the {@code server} command). Fixed where the classroom goes wrong: it stops at end of stream
 * (the classroom loops on {@code b''} forever, lesson02), and its reader keeps a character cut
 * between two reads until its last byte comes (lesson04). Bare text, as the course's clients
 * send, and lines, as ours send, both work: the bytes come back as they came, in upper case.
 */
public class UpperEchoHandler extends BaseRequestHandler<Socket> {

    @Override
    protected void setup() {
        log("connected; served by the thread \"" + Thread.currentThread().getName() + "\"");
    }

    @Override
    protected void handle() throws Exception {
        Reader in = new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        OutputStream out = request.getOutputStream();
        TcpServer tcp = (TcpServer) server; // its deadlines: one timer thread for all its clients
        char[] buf = new char[1024];
        try {
            int n;
            while ((n = in.read(buf)) != -1) { // conn.recv(1024); -1 is the classroom's b'': the client has gone
                String msg = new String(buf, 0, n);
                Deadline answerTime = tcp.answerDeadline(request); // a client that does not read is cut off
                try (answerTime) {
                    out.write(msg.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)); // conn.send(...)
                }
            }
        } catch (CharacterCodingException e) {
            throw new ProtocolException("the client sent bytes that are not UTF-8 text (" + e + ")");
        }
    }

    @Override
    protected void finish() {
        log("finish(): done with this client");
    }
}
