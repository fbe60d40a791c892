package socketlessons.socketserver.check;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;
import socketlessons.basics.check.StageFailure;

/**
 * lesson07's exercise, §9: the classroom's uppercase echo on a server that serves many clients
 * at once ({@code socketserver.ThreadingTCPServer}). Whatever a client sends comes back in upper
 * case; a second client is answered while the first is still connected and silent. The client
 * stages play that server for the student's client: a line typed is sent, the answer printed,
 * and q quits.
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
                        }),
                Stage.client("sends the typed line", "the line typed (hello) reaches the server as its bytes, with a line end or without",
                        "§9 client: inp = input('>>>'), then sk.send(inp.encode('utf-8')) in one send (a line end after it is welcome: ours sends one); "
                                + README + "\"Run it\"",
                        session -> {
                            Socket socket = session.accept();
                            session.type("hello");
                            expectLine(session, socket, "hello");
                        }),
                Stage.client("prints the answer", "each answer, the line in upper case, is printed before the next line is sent",
                        "§9 client: msg = sk.recv(1024).decode('utf-8'), then print(msg), then the next input(); " + README + "\"Run it\"",
                        session -> {
                            Socket socket = session.accept();
                            session.type("hello");
                            session.send(socket, expectLine(session, socket, "hello").toUpperCase(Locale.ROOT));
                            session.expectPrinted("HELLO");
                            session.type("second line");
                            session.send(socket, expectLine(session, socket, "second line").toUpperCase(Locale.ROOT));
                            session.expectPrinted("SECOND LINE");
                        }),
                Stage.client("q quits", "q is not sent: the client ends its side of the connection (close, or shutdown for writing)",
                        "§9 client: if inp.upper() == 'Q': break before the send, then sk.close() (a thread still reading keeps the program,"
                                + " and its socket, alive); " + README + "\"Run it\"",
                        session -> {
                            Socket socket = session.accept();
                            session.type("hello");
                            session.send(socket, expectLine(session, socket, "hello").toUpperCase(Locale.ROOT));
                            session.expectPrinted("HELLO");
                            session.type("q");
                            session.expectEnd(socket, "your client to hang up");
                        }));
    }

    /**
     * Reads {@code line} as the client sent it, with its line end if one came in the same send
     * (the course's client sends none, ours {@code \n}), and returns what came, to answer it in
     * upper case as the classroom's server does.
     */
    private static String expectLine(Session session, Socket socket, String line) throws Exception {
        session.expect(socket, line);
        int more = Math.min(socket.getInputStream().available(), 2);
        String end = new String(session.read(socket, more, "a line end"), StandardCharsets.UTF_8);
        if (!end.isEmpty() && !end.equals("\n") && !end.equals("\r\n")) {
            throw new StageFailure(Session.quote((line + "\n").getBytes(StandardCharsets.UTF_8)) + " or " + Session.quote(line.getBytes(StandardCharsets.UTF_8)),
                    Session.quote((line + end).getBytes(StandardCharsets.UTF_8)));
        }
        return line + end;
    }
}
