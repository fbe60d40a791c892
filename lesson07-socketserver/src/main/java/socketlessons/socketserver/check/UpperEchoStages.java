package socketlessons.socketserver.check;

import java.net.Socket;
import java.util.List;
import socketlessons.basics.check.Stage;

/**
 * lesson07's exercise, §9: the classroom's uppercase echo on a server that serves many clients
 * at once ({@code socketserver.ThreadingTCPServer}). Whatever a client sends comes back in upper
 * case; a second client is answered while the first is still connected and silent.
 */
public final class UpperEchoStages {

    private static final String README = "see lesson07's README, ";

    private UpperEchoStages() {
    }

    public static List<Stage> all() {
        return List.of(
                Stage.server("answers in upper case", "what a client sends comes back in upper case",
                        "§9: class MyServer(socketserver.BaseRequestHandler): def handle(self): ... conn.send(msg.upper().encode('utf-8')); "
                                + README + "\"How Python builds its servers, and how we do\"",
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, "hello, server\n");
                            session.expect(socket, "HELLO, SERVER\n");
                        }),
                Stage.server("two clients at once", "a second client is answered while the first is connected and silent, then the first again",
                        "§9: socketserver.ThreadingTCPServer (a thread per client), not TCPServer, which serves one client at a time (lesson02's §4.3); "
                                + README + "\"The request flow\"",
                        session -> {
                            Socket first = session.connect();
                            session.send(first, "first is here\n");
                            session.expect(first, "FIRST IS HERE\n");
                            Socket second = session.connect(); // the first stays connected, and says nothing
                            session.send(second, "second is here\n");
                            session.expect(second, "SECOND IS HERE\n");
                            session.send(first, "first again\n");
                            session.expect(first, "FIRST AGAIN\n");
                        }),
                Stage.server("a client that hangs up", "when one client closes, the others are still answered",
                        "one client's end (recv returns b'', or a reset) ends its own handler only (if not msg: break), never the server; "
                                + README + "\"The request flow\"",
                        session -> {
                            Socket first = session.connect();
                            Socket second = session.connect();
                            session.send(first, "bye\n");
                            session.expect(first, "BYE\n");
                            first.close();
                            session.send(second, "still there?\n");
                            session.expect(second, "STILL THERE?\n");
                        }));
    }
}
