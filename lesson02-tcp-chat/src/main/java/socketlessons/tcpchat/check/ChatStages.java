package socketlessons.tcpchat.check;

import java.net.Socket;
import java.util.List;
import picocli.CommandLine.Option;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;
import socketlessons.basics.check.StageFailure;

/**
 * lesson02's exercise, §4.1 to §4.3: the console chat. The server: a client's message is
 * printed, the line typed at the server's keyboard goes back, {@code q} ends the conversation,
 * and the next client is served after the first has quit (the outer loop). The client: it
 * sends what is typed, prints the server's answer, and after {@code q} (sent, so the server
 * knows) closes. The checker types at the program's keyboard itself, and plays the other side.
 */
public final class ChatStages {

    private static final String README = "see lesson02's README, ";

    /** {@code --course-wire}, the check command's own option in lesson02 (a picocli mixin). */
    public static final class Wire {
        @Option(names = "--course-wire", description = "send and expect each message as bare text in one send, as the course's programs do"
                + " (default: each message a line ending in \\n, as lesson02's Java programs send it)")
        boolean courseWire;
    }

    private final String end;

    private ChatStages(boolean courseWire) {
        this.end = courseWire ? "" : "\n";
    }

    /**
     * The stages, with each message a line ending in {@code \n} (our wire), or, with
     * {@code courseWire}, bare text in one send as the course's programs speak it.
     */
    public static List<Stage> all(Wire wire) {
        return all(wire.courseWire);
    }

    /** The same, {@code courseWire} given directly. */
    public static List<Stage> all(boolean courseWire) {
        ChatStages chat = new ChatStages(courseWire);
        String wire = courseWire ? "" : " (each message a line ending in \\n; the course's bare text is checked with --course-wire)";
        return List.of(
                Stage.server("a message and its answer", "your server prints a client's message (UTF-8) and sends back the line typed at its keyboard",
                        "§4.1: msg = conn.recv(1024).decode('utf-8'), print(msg), inp = input('>>>'), conn.send(inp.encode('utf-8'))" + wire + "; "
                                + README + "\"§4.1 the program, Python next to Java\"",
                        session -> chat.talk(session, session.connect(), "你好, server", "hi, this is the server")),
                Stage.server("q ends the conversation", "after the client's q the server hangs up on it",
                        "§4.2: if msg.upper() == 'Q': break, then conn.close(); " + README + "\"§4.1 the program, Python next to Java\"",
                        session -> {
                            Socket first = session.connect();
                            chat.talk(session, first, "你好, server", "hi, this is the server");
                            chat.quit(session, first);
                        }),
                Stage.server("serves the next client", "after the first client quits, a second one is served",
                        "§4.3: accept() in an outer loop (while True: conn, addr = sk.accept() ...), so the server takes the next client; "
                                + README + "\"§4.3 通信占用: one client at a time\"",
                        session -> {
                            Socket first = session.connect();
                            chat.talk(session, first, "你好, server", "hi, this is the server");
                            chat.quit(session, first);
                            Socket second = session.connect();
                            try {
                                chat.talk(session, second, "second client here", "welcome, second");
                            } catch (StageFailure failure) {
                                // A server without the outer loop closes its listening socket a moment after the first
                                // client's connection: a connect in between is completed by the kernel, then reset as
                                // the program ends. Once it has ended, connecting again is refused at once and fails as
                                // every run of that server does ("exited ... after the last one"). A program that still
                                // runs keeps the talk's failure (a connect would wait a whole timeout, then blame the port).
                                if (session.programEnded()) {
                                    session.connect();
                                }
                                throw failure;
                            }
                        }),
                Stage.client("sends a typed line", "your client connects to PORT and sends the line typed at its keyboard (UTF-8)",
                        "§4.2: sk.connect(('127.0.0.1', PORT)), inp = input('>>>'), sk.send(inp.encode('utf-8'))" + wire + "; "
                                + README + "\"§4.1 the program, Python next to Java\"",
                        session -> chat.said(session, session.accept(), "你好, server")),
                Stage.client("prints the answer", "your client waits for the server's answer and prints it",
                        "§4.2: msg = sk.recv(1024).decode('utf-8'), then print(msg), before the next input(); "
                                + README + "\"§4.1 the program, Python next to Java\"",
                        session -> chat.heard(session, chat.said(session, session.accept(), "你好, server"), "hi, this is the server")),
                Stage.client("q quits and closes", "after q is typed your client sends q, so the server knows, and closes the connection",
                        "§4.2: send the q first, then break, then sk.close() (a with block, try-with-resources in Java); "
                                + README + "\"§4.1 the program, Python next to Java\"",
                        session -> {
                            Socket socket = chat.said(session, session.accept(), "你好, server");
                            chat.heard(session, socket, "hi, this is the server");
                            chat.said(session, socket, "q");
                            session.expectEnd(socket, "your client to close the connection after q");
                        }));
    }

    /** The user types {@code line} at the client; it must arrive. */
    private Socket said(Session session, Socket socket, String line) throws Exception {
        session.type(line);
        session.expect(socket, line + end);
        return socket;
    }

    /** The server answers; the client must print it. */
    private void heard(Session session, Socket socket, String answer) throws Exception {
        session.send(socket, answer + end);
        session.expectPrinted(answer);
    }

    /** The client says {@code message}; the server must print it, and send back what its user types. */
    private void talk(Session session, Socket socket, String message, String answer) throws Exception {
        session.send(socket, message + end);
        session.expectPrinted(message);
        session.type(answer);
        session.expect(socket, answer + end);
    }

    private void quit(Session session, Socket socket) throws Exception {
        session.send(socket, "q" + end);
        session.expectEnd(socket, "the server to hang up after q");
    }
}
