package socketlessons.sticky.check;

import static socketlessons.sticky.check.FramedEchoStages.BUGS;
import static socketlessons.sticky.check.FramedEchoStages.FIX;
import static socketlessons.sticky.check.FramedEchoStages.concat;
import static socketlessons.sticky.check.FramedEchoStages.describe;
import static socketlessons.sticky.check.FramedEchoStages.text;

import java.net.Socket;
import java.nio.ByteOrder;
import java.util.List;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;

/**
 * lesson04's exercise, §6.2, from the client's side: the checker plays the framed echo server.
 * The student's client sends each typed line as one frame, and prints each echo whole however
 * the server's reply is cut (拆包) or glued to the next one (粘包); {@code q} quits and hangs up.
 * The lines typed are the course's {@code framed_client.py}'s three messages, so that the
 * course's client, which sends them without reading the keyboard, passes too.
 */
public final class FramedClientStages {

    /** The first byte of a cut echo waits this long alone, so that the client's first recv gets it alone. */
    private static final long FIRST_BYTE_PAUSE_MILLIS = 100;
    /** Then each further byte waits this long, so that each arrives on its own. */
    private static final long BYTE_PAUSE_MILLIS = 20;

    private static final String HELLO = "hello";
    private static final String WORLD = "world";
    private static final String NIHAO = "你好, 粘包";

    private final FramedEchoStages frames;

    private FramedClientStages(ByteOrder order) {
        this.frames = new FramedEchoStages(order);
    }

    /** The client stages, with the length prefix in {@code order} (big: '!i'; little: the course's struct.pack('i') on x86). */
    public static List<Stage> all(ByteOrder order) {
        FramedClientStages client = new FramedClientStages(order);
        String pack = order == ByteOrder.BIG_ENDIAN ? "struct.pack('!i', len(body))" : "struct.pack('<i', len(body))";
        String orderHint = order == ByteOrder.BIG_ENDIAN
                ? " (a client in the course's struct.pack('i') order, little-endian on x86, is checked with --byte-order little)"
                : " (checked with --byte-order little: the course's struct.pack('i') on x86)";
        return List.of(
                Stage.client("sends a line as one frame", "the line typed (hello) arrives as one frame: a 4-byte length, then the UTF-8 bytes",
                        "§6.2: body = line.encode('utf-8'), then sk.sendall(" + pack + " + body): the length counts bytes; " + FIX + orderHint,
                        session -> {
                            Socket socket = client.connected(session);
                            client.expectSent(session, socket, HELLO);
                        }),
                Stage.client("prints the echo", "the echo frame that comes back is printed (hello)",
                        "§6.2: read exactly 4 bytes, unpack n, read exactly n bytes, print the body decoded; " + FIX,
                        session -> {
                            Socket socket = client.connected(session);
                            client.expectSent(session, socket, HELLO);
                            session.send(socket, client.frames.frame(text(HELLO)));
                            session.expectPrinted(HELLO);
                        }),
                Stage.client("an echo split byte by byte", "an echo that comes one byte per write is printed whole (拆包)",
                        "recv(4) may return 1 to 3 bytes and recv(n) fewer than n: loop until you have them all (recv_exactly); " + BUGS,
                        session -> {
                            Socket socket = client.connected(session);
                            client.expectSent(session, socket, HELLO);
                            socket.setTcpNoDelay(true); // each byte leaves in a segment of its own
                            byte[] echo = client.frames.frame(text(HELLO));
                            for (int i = 0; i < echo.length; i++) {
                                session.send(socket, new byte[] {echo[i]});
                                Thread.sleep(i == 0 ? FIRST_BYTE_PAUSE_MILLIS : BYTE_PAUSE_MILLIS);
                            }
                            session.expectPrinted(HELLO);
                        }),
                Stage.client("two echoes in one write", "two echoes glued in one write (粘包) are printed as two, and the client goes on",
                        "one recv may hold the next echo too: keep what is left after a frame for the next read (a buffered stream,"
                                + " or recv_exactly, which never asks for more than it needs); " + FIX,
                        session -> {
                            Socket socket = client.connected(session);
                            client.expectSent(session, socket, HELLO);
                            // the echo of world goes before world is sent: a client that read both at once has nothing left to wait for
                            session.send(socket, concat(client.frames.frame(text(HELLO)), client.frames.frame(text(WORLD))));
                            session.expectPrinted(HELLO);
                            client.expectSent(session, socket, WORLD);
                            session.expectPrinted(WORLD);
                            client.expectSent(session, socket, NIHAO);
                            session.send(socket, client.frames.frame(text(NIHAO)));
                            session.expectPrinted(NIHAO);
                        }),
                Stage.client("q quits and hangs up", "after the echoes, q ends the client: it sends nothing more and closes its socket",
                        "§6.2: test for q before you send (if line == 'q': break), then sk.close(), or a with block"
                                + " (try-with-resources in Java); see lesson04's README, \"Run it\"",
                        session -> {
                            Socket socket = client.connected(session);
                            session.type("q");
                            for (String line : List.of(HELLO, WORLD, NIHAO)) {
                                client.expectSent(session, socket, line);
                                session.send(socket, client.frames.frame(text(line)));
                            }
                            session.expectEnd(socket, "your client to hang up");
                        }));
    }

    /** Waits for the client to connect, then types the course's three messages at it. */
    private Socket connected(Session session) throws Exception {
        Socket socket = session.accept();
        for (String line : List.of(HELLO, WORLD, NIHAO)) {
            session.type(line);
        }
        return socket;
    }

    private void expectSent(Session session, Socket socket, String line) throws Exception {
        frames.expectFrame(session, socket, text(line), "the frame of " + describe(text(line)));
    }
}
