package socketlessons.basics.check;

import java.net.Socket;
import java.util.List;

/**
 * lesson01's exercise, §1.3: the server sends {@code hello} and prints what the client answers;
 * the client prints the greeting and answers {@code byebye}. Each stage replays the
 * conversation from the start and checks one step further.
 */
public final class Lesson01Stages {

    private static final String SECTION = "see lesson01's README, \"Run it\" (§1.3 server.py and client.py)";

    private Lesson01Stages() {
    }

    public static List<Stage> all() {
        return List.of(
                Stage.server("sends hello", "your server listens on PORT and sends exactly \"hello\" to a client that connects",
                        "§1.3: bind(('127.0.0.1', PORT)), listen(), conn, addr = sk.accept(), conn.send(b'hello'); " + SECTION,
                        session -> session.expect(session.connect(), "hello")),
                Stage.server("prints byebye", "your server prints what the client answers (byebye)",
                        "§1.3: msg = conn.recv(1024), then print(msg); " + SECTION,
                        session -> {
                            Socket socket = greeted(session);
                            session.send(socket, "byebye");
                            session.expectPrinted("byebye");
                        }),
                Stage.server("hangs up", "after the answer your server closes the connection",
                        "§1.3: conn.close() hangs up on this client (sk.close() stops listening); " + SECTION,
                        session -> {
                            Socket socket = greeted(session);
                            session.send(socket, "byebye");
                            session.expectPrinted("byebye");
                            session.expectEnd(socket, "the end of the connection");
                        }),
                Stage.client("prints hello", "your client connects to PORT and prints the server's greeting",
                        "§1.3: sk.connect(('127.0.0.1', PORT)), msg = sk.recv(1024), print(msg); " + SECTION,
                        session -> {
                            Socket socket = session.accept();
                            session.send(socket, "hello");
                            session.expectPrinted("hello");
                        }),
                Stage.client("answers byebye", "after the greeting your client sends exactly \"byebye\"",
                        "§1.3: sk.send(b'byebye') after the recv; " + SECTION,
                        session -> {
                            Socket socket = session.accept();
                            session.send(socket, "hello");
                            session.expectPrinted("hello");
                            session.expect(socket, "byebye");
                        }),
                Stage.client("hangs up", "after byebye your client closes its socket",
                        "§1.3: sk.close(), or a with block (try-with-resources in Java); " + SECTION,
                        session -> {
                            Socket socket = session.accept();
                            session.send(socket, "hello");
                            session.expectPrinted("hello");
                            session.expect(socket, "byebye");
                            session.expectEnd(socket, "the end of the connection");
                        }));
    }

    private static Socket greeted(Session session) throws Exception {
        Socket socket = session.connect();
        session.expect(socket, "hello");
        return socket;
    }
}
