package socketlessons.homework.friends.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;
import socketlessons.basics.check.StageFailure;

/**
 * The §10.1 homework, friends in colour, checked from outside: the notes' wire format is raw
 * UTF-8 JSON {@code {"msg": ..., "id": ...}} with no framing, each answer raw UTF-8 text typed
 * at the server's keyboard. The server stages send what the notes' server could not take (two
 * messages glued, one cut inside a character, an unknown id, {@code {}}, garbage); the client
 * stages play the server for the student's client. The checker types at the program's keyboard.
 */
public final class FriendsStages {

    /** The longest message a stage reads from a student's client; the notes' are a few dozen bytes. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** How long the "cut in two" stage waits between the halves, so that each arrives on its own. */
    private static final long HALF_PAUSE_MILLIS = 100;

    private static final String NOTES = "see homework/friends's README, \"§10.1 friends in colour\"";
    private static final String ISSUE20 = "see homework/friends's README, \"§10.1 friends in colour\" (what a stranger's bytes did)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FriendsStages() {
    }

    public static List<Stage> all() {
        return List.of(
                Stage.server("a message and its answer", "alex (id 12345) says hello: your server prints \"alex: hello\" and sends back the line typed at its keyboard",
                        "§10.1: dic = json.loads(conn.recv(1024).decode('utf-8')), look dic['id'] up in the friends table (12345 alex, 12346 sia),"
                                + " print('%s: %s' % (name, dic['msg'])), then conn.send(input('>>>').encode('utf-8')); " + NOTES,
                        session -> {
                            Socket socket = session.connect();
                            talk(session, socket, message("hello", "12345"), "alex: hello", "hi alex");
                        }),
                Stage.server("q, then the next friend", "after alex's q your server hangs up, and then serves sia (id 12346)",
                        "§10.1: accept() in an outer loop (while True: conn, addr = sk.accept(); chat(conn)), so the next friend is served; " + NOTES,
                        session -> {
                            Socket first = session.connect();
                            talk(session, first, message("hello", "12345"), "alex: hello", "hi alex");
                            session.send(first, message("q", "12345"));
                            expectEnd(session, first, "your server to hang up after alex's q",
                                    "§10.1: if dic['msg'].upper() == 'Q': break out of chat(conn), then conn.close(); " + NOTES);
                            talk(session, session.connect(), message("你好", "12346"), "sia: 你好", "hi sia");
                        }),
                Stage.server("two messages in one write", "two messages glued in one write (粘包) are printed and answered one by one",
                        "one recv may hold two messages: json.loads fails with \"Extra data\". Keep a buffer and take one whole object off it"
                                + " at a time (find where it ends: the } that closes the first {), as lesson04 keeps what is left of a frame; " + NOTES,
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, message("one", "12345") + message("two", "12345"));
                            answer(session, socket, "alex: one", "got one");
                            answer(session, socket, "alex: two", "got two");
                        }),
                Stage.server("a message cut in two", "a message cut inside 你 (3 bytes in UTF-8), the halves sent apart (拆包), is printed whole",
                        "one recv may hold half a message, even half a character: keep the bytes until the object is whole, and decode"
                                + " only a whole object (never a recv on its own); " + NOTES,
                        session -> {
                            Socket socket = session.connect();
                            socket.setTcpNoDelay(true); // each half leaves in a segment of its own
                            byte[] bytes = message("你好", "12345").getBytes(StandardCharsets.UTF_8);
                            int cut = indexOf(bytes, "你".getBytes(StandardCharsets.UTF_8)) + 1; // after the first byte of 你
                            session.send(socket, Arrays.copyOf(bytes, cut));
                            Thread.sleep(HALF_PAUSE_MILLIS);
                            session.send(socket, Arrays.copyOfRange(bytes, cut, bytes.length));
                            answer(session, socket, "alex: 你好", "hi alex");
                        }),
                Stage.server("an unknown id is answered", "id 99999 is not in the table: your server answers \"I do not know who 99999 is\" and goes on",
                        "the notes' color_dict[uid] raises KeyError and the server dies: look the id up with .get() and answer"
                                + " conn.send(('I do not know who %s is' % uid).encode('utf-8')), then go on reading; " + NOTES,
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, message("hello", "99999"));
                            session.expect(socket, "I do not know who 99999 is");
                            talk(session, socket, message("hello again", "12345"), "alex: hello again", "hi alex");
                        }),
                Stage.server("a first message under 4 bytes", "{} as the first bytes of a connection is answered at once with"
                                + " error: a message needs \"id\" and \"msg\", and the chat goes on",
                        "a message without \"id\" or \"msg\" is answered conn.send(b'error: a message needs \"id\" and \"msg\"'), at once:"
                                + " 2 bytes are a whole message (a parser that waits for 4 bytes to guess the encoding never answers); " + ISSUE20,
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, "{}");
                            session.expect(socket, "error: a message needs \"id\" and \"msg\"");
                            talk(session, socket, message("hello", "12345"), "alex: hello", "hi alex");
                        }),
                Stage.server("garbage ends that friend only", "bytes that are not JSON: your server hangs up on that connection (an error"
                                + " message first is fine), and serves the next friend",
                        "catch the parse error (json.JSONDecodeError is a ValueError), print it, close that connection and go back to accept();"
                                + " one friend's garbage must not end the server; " + ISSUE20,
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, "hello, this is not JSON\n");
                            expectEnd(session, socket, "your server to hang up on garbage", null);
                            talk(session, session.connect(), message("hello", "12345"), "alex: hello", "hi alex");
                        }),
                Stage.client("sends a message as JSON", "the line typed at your client (你好) arrives as a JSON object {\"msg\": \"你好\", \"id\": ...}",
                        "§10.1: sk.send(json.dumps({'msg': inp, 'id': id}).encode('utf-8')), with inp = input('>>>'); " + NOTES,
                        session -> {
                            Socket socket = session.accept();
                            session.type("你好");
                            expectMessage(session, socket, "你好");
                        }),
                Stage.client("prints the answer", "your client prints the server's answer",
                        "§10.1: msg = sk.recv(1024).decode('utf-8'), then print(msg); " + NOTES,
                        session -> {
                            Socket socket = session.accept();
                            session.type("你好");
                            expectMessage(session, socket, "你好");
                            session.send(socket, "hi alex, 你好");
                            session.expectPrinted("hi alex, 你好");
                        }),
                Stage.client("q ends the chat", "after an answer, q typed at your client is sent, and the client hangs up",
                        "§10.1: send the q like any message, then if inp.upper() == 'Q': break, and sk.close(); " + NOTES,
                        session -> {
                            Socket socket = session.accept();
                            session.type("你好");
                            expectMessage(session, socket, "你好");
                            session.send(socket, "hi alex");
                            session.expectPrinted("hi alex");
                            session.type("q");
                            expectMessage(session, socket, "q");
                            expectEnd(session, socket, "your client to hang up after its q", null);
                        }),
                Stage.client("the server's q ends the chat", "when the server answers q, your client hangs up",
                        "§10.1: if msg.upper() == 'Q': break, then sk.close(); " + NOTES,
                        session -> {
                            Socket socket = session.accept();
                            session.type("你好");
                            expectMessage(session, socket, "你好");
                            session.send(socket, "q");
                            expectEnd(session, socket, "your client to hang up after the server's q", null);
                        }));
    }

    /** The notes' message, laid out as the notes' client writes it ({@code json.dumps}), Chinese as UTF-8. */
    static String message(String msg, String id) throws IOException {
        return "{\"msg\": " + JSON.writeValueAsString(msg) + ", \"id\": " + JSON.writeValueAsString(id) + "}";
    }

    /** The friend says {@code message}; the server must print {@code shown}, and send back what its user types. */
    private static void talk(Session session, Socket socket, String message, String shown, String typed) throws Exception {
        session.send(socket, message);
        answer(session, socket, shown, typed);
    }

    private static void answer(Session session, Socket socket, String shown, String typed) throws Exception {
        session.expectPrinted(shown);
        session.type(typed);
        session.expect(socket, typed);
    }

    /**
     * Expects the other side to hang up; what it says first is read and let go (a server may say
     * why it closes). A reset is a hang-up too.
     */
    private static void expectEnd(Session session, Socket socket, String what, String hint) throws IOException, StageFailure {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        long said = 0;
        try {
            socket.setSoTimeout((int) session.timeout().toMillis());
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                said += n;
                if (said > MAX_MESSAGE_BYTES) {
                    throw new StageFailure(what, "more than " + MAX_MESSAGE_BYTES + " bytes and no end", hint);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new StageFailure(what, "the connection still open after " + session.timeout().toSeconds() + " s", hint);
        } catch (IOException e) {
            // a reset: the program closed with bytes unread, or was killed
        }
    }

    /** Reads one JSON object from the student's client and checks its {@code "msg"} and that it has an {@code "id"}. */
    private static void expectMessage(Session session, Socket socket, String msg) throws IOException, StageFailure {
        String expected = "a JSON object {\"msg\": " + JSON.writeValueAsString(msg) + ", \"id\": ...}";
        byte[] bytes = readObject(session, socket, expected);
        JsonNode message;
        try {
            message = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new StageFailure(expected, Session.quote(bytes) + ", which is not JSON");
        }
        JsonNode got = message.get("msg");
        JsonNode id = message.get("id");
        if (got == null || !got.isTextual() || !got.asText().equals(msg) || id == null || !id.isValueNode() || id.isNull()) {
            throw new StageFailure(expected, Session.quote(bytes));
        }
    }

    /** The bytes of one whole JSON object: up to the brace that closes its first, strings and escapes skipped. */
    private static byte[] readObject(Session session, Socket socket, String expected) throws IOException, StageFailure {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + session.timeout().toNanos();
        while (true) {
            byte[] sofar = got.toByteArray();
            int start = 0;
            while (start < sofar.length && Character.isWhitespace(sofar[start])) {
                start++;
            }
            if (start < sofar.length && sofar[start] != '{') {
                throw new StageFailure(expected, Session.quote(sofar)); // not an object: no need to wait for more
            }
            int end = objectEnd(sofar, start);
            if (end > 0) {
                return Arrays.copyOfRange(sofar, start, end);
            }
            if (sofar.length > MAX_MESSAGE_BYTES) {
                throw new StageFailure(expected, "more than " + MAX_MESSAGE_BYTES + " bytes and no end of the object");
            }
            int n;
            try {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new StageFailure(expected, (sofar.length == 0 ? "" : Session.quote(sofar) + " and then ")
                        + "nothing within " + session.timeout().toSeconds() + " s");
            } catch (IOException e) {
                n = -1; // a reset: the client hung up
            }
            if (n == -1) {
                throw new StageFailure(expected, (sofar.length == 0 ? "" : Session.quote(sofar) + " and then ") + "the end of the connection");
            }
            got.write(buf, 0, n);
        }
    }

    /**
     * Where the object that starts at {@code start} ends (the index after its closing brace), or
     * -1 when it is not whole yet. Works on UTF-8 bytes: the bytes of {, }, " and \ never occur
     * inside a multi-byte character.
     */
    static int objectEnd(byte[] bytes, int start) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
