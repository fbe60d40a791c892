package socketlessons.homework.chat.check;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import socketlessons.basics.PeerText;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;
import socketlessons.basics.check.StageFailure;
import socketlessons.homework.Messages;

/**
 * §10.2 items 1-3, the chat server: frames of JSON (lesson04's 4-byte big-endian length, then
 * a JSON object), register and login, a message to everyone, who is online, a private message,
 * a message kept for a user who is offline, a wrong password refused. In the order a student
 * builds them; each stage logs in users of its own (their names end in the stage's number),
 * so one server can be checked stage after stage, and a {@code notice} from the server
 * ("bob is online") is skipped wherever it comes.
 */
public final class ChatStages {

    private static final String README = "see homework/chat's README, \"§10.2 the chat service\"";
    /** The pause between the pieces of a frame sent byte by byte, so that each arrives on its own. */
    private static final long BYTE_PAUSE_MILLIS = 20;
    /** What the client stages type as the first line of input: the password. */
    static final String CLIENT_PASSWORD = "secret-for-check";

    private final String suffix;

    private ChatStages(String suffix) {
        this.suffix = suffix;
    }

    /**
     * The stages with user names new to this run ({@code alice3-k2x9}...): a server that keeps its
     * users in a file can be checked again, and a stage never meets a user left by the last run.
     */
    public static List<Stage> all() {
        String letters = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            suffix.append(letters.charAt(ThreadLocalRandom.current().nextInt(letters.length())));
        }
        return all(suffix.toString());
    }

    /** The stages with user names ending in {@code suffix} ({@code alice3-SUFFIX}), none for ""; tests use "" for fixed transcripts. */
    public static List<Stage> all(String suffix) {
        ChatStages chat = new ChatStages(suffix);
        return List.of(
                Stage.server("registers and logs in", "a register, then a login, each a frame of JSON, are each answered {\"type\": \"ok\"}",
                        "§10.2 item 3 (登陆): read a frame as lesson04 does (4 bytes, struct.unpack('!i'), then exactly n bytes), json.loads it,"
                                + " and answer {\"type\": \"ok\", \"message\": ...} as a frame (struct.pack('!i', len(body)) + body); " + README,
                        session -> chat.loggedIn(session, "alice", 1)),
                Stage.server("frames in pieces", "two frames glued in one write (粘包), then a frame sent byte by byte (拆包): each is answered",
                        "one recv is not one frame: read exactly 4 bytes, then exactly n bytes, looping over short reads (lesson04's recv_exactly),"
                                + " and keep what is left for the next frame; see lesson04's README, \"The fix: a length prefix\"",
                        session -> {
                            Chat alice = chat.connect(session, "alice", 2);
                            alice.sendGlued(chat.register(alice.user), chat.login(alice.user));
                            alice.expectOk("register " + alice.user);
                            alice.expectOk("login " + alice.user);
                            Chat bob = chat.connect(session, "bob", 2);
                            bob.sendByteByByte(chat.register(bob.user));
                            bob.expectOk("register " + bob.user + " (sent byte by byte)");
                        }),
                Stage.server("a message to everyone", "alice sends to \"*\": bob and carol get it, alice gets her status and not her own message",
                        "§10.2 item 1: for {\"type\": \"send\", \"to\": \"*\"} send {\"type\": \"message\", \"from\", \"to\", \"text\"} to every other"
                                + " user online (not to the sender), then answer the sender {\"type\": \"status\", \"id\": the send's id}; " + README,
                        session -> {
                            Chat alice = chat.loggedIn(session, "alice", 3);
                            Chat bob = chat.loggedIn(session, "bob", 3);
                            Chat carol = chat.loggedIn(session, "carol", 3);
                            alice.send(chat.send("*", "hello everyone", 1));
                            alice.expectStatus(1, null);
                            bob.expectMessage(alice.user, "*", "hello everyone");
                            carol.expectMessage(alice.user, "*", "hello everyone");
                        }),
                Stage.server("who is online", "who lists the users logged in, and not one who quit",
                        "§10.2: answer {\"type\": \"who\"} with {\"type\": \"who\", \"online\": [names]}; take a user out of it when it quits"
                                + " or its connection ends (a finally: around the loop that reads its frames); " + README,
                        session -> {
                            Chat alice = chat.loggedIn(session, "alice", 4);
                            Chat bob = chat.loggedIn(session, "bob", 4);
                            Chat carol = chat.loggedIn(session, "carol", 4);
                            carol.send(Messages.message("quit"));
                            carol.socket.close();
                            alice.expectWhoUntil(List.of(alice.user, bob.user), carol.user);
                        }),
                Stage.server("a private message", "alice sends to bob: bob gets it, alice gets the status \"delivered\", carol gets nothing",
                        "§10.2 item 1: for {\"type\": \"send\", \"to\": \"bob\"} send the message to bob's connection only, then answer the sender"
                                + " {\"type\": \"status\", \"id\": the send's id, \"status\": \"delivered\"}; " + README,
                        session -> {
                            Chat alice = chat.loggedIn(session, "alice", 5);
                            Chat bob = chat.loggedIn(session, "bob", 5);
                            Chat carol = chat.loggedIn(session, "carol", 5);
                            alice.send(chat.send(bob.user, "你好 " + bob.user, 7));
                            alice.expectStatus(7, "delivered");
                            bob.expectMessage(alice.user, bob.user, "你好 " + bob.user);
                            carol.send(Messages.message("who")); // what came to carol before this answer was not for her
                            carol.expectWho("a who answer (the private message to " + bob.user + " is not for carol)");
                        }),
                Stage.server("keeps a message for an offline user", "alice sends to bob, who is offline: status \"stored\"; bob logs in and gets it",
                        "§10.2 item 2 (如果对方不在线，怎么办): keep a message to a registered user who is offline (a list per user, or a file),"
                                + " answer the status \"stored\", and send what waited right after the ok of the user's next login; " + README,
                        session -> {
                            Chat bobRegisters = chat.connect(session, "bob", 6);
                            bobRegisters.send(chat.register(bobRegisters.user));
                            bobRegisters.expectOk("register " + bobRegisters.user);
                            bobRegisters.send(Messages.message("quit"));
                            bobRegisters.socket.close();
                            Chat alice = chat.loggedIn(session, "alice", 6);
                            alice.send(chat.send(bobRegisters.user, "are you there?", 1));
                            alice.expectStatus(1, "stored");
                            Chat bob = chat.connect(session, "bob", 6);
                            bob.send(chat.login(bob.user));
                            bob.expectOk("login " + bob.user);
                            bob.send(Messages.message("who")); // the message that waited comes before this answer
                            bob.expectMessage(alice.user, bob.user, "are you there?");
                        }),
                Stage.server("refuses a wrong password", "a wrong password, an unknown user and a name taken twice are refused; then the right password logs in",
                        "§10.2 item 3 (登陆): keep each user's password (lesson06 keeps a salted PBKDF2 hash, never the password) and answer"
                                + " {\"type\": \"error\"} to a wrong one, an unknown user, and a register of a name that is taken; see lesson06's README",
                        session -> {
                            Chat first = chat.connect(session, "bob", 7);
                            first.send(chat.register(first.user));
                            first.expectOk("register " + first.user);
                            first.socket.close();
                            Chat bob = chat.connect(session, "bob", 7);
                            bob.send(Messages.message("login").put("user", bob.user).put("password", "not " + chat.password(bob.user)));
                            bob.expectError("login " + bob.user + " with a wrong password");
                            String nobody = chat.name("nobody", 7);
                            bob.send(Messages.message("login").put("user", nobody).put("password", chat.password(nobody)));
                            bob.expectError("login " + nobody + ", who never registered");
                            bob.send(Messages.message("register").put("user", bob.user).put("password", "another password"));
                            bob.expectError("register " + bob.user + " again (the name is taken)");
                            bob.send(chat.login(bob.user));
                            bob.expectOk("login " + bob.user + " with the right password");
                        }),
                Stage.client("logs in", "your client connects to PORT, reads the password as the first line of its input, sends a login"
                                + " with it, and prints the server's welcome",
                        "§10.2 item 3 (登陆): connect, read the password (input() when piped), send {\"type\": \"login\", \"user\", \"password\"}"
                                + " as a frame, read the answer's frame and print its \"message\"; " + README,
                        session -> loggedInClient(session)),
                Stage.client("shows a message", "a message from bob is printed as \"bob: text\"",
                        "§10.2 item 1: a thread (or a select loop) reads the server's frames while input() waits for the keyboard, and prints"
                                + " each {\"type\": \"message\"} as from + \": \" + text; " + README,
                        session -> {
                            Chat server = loggedInClient(session);
                            server.send(Messages.message("message").put("id", 42).put("from", "bob").put("to", server.user)
                                    .put("text", "你好 from bob").put("sent", 0));
                            session.expectPrinted("bob: 你好 from bob");
                        }),
                Stage.client("sends to everyone", "a typed line \"hello everyone\" is sent to \"*\"",
                        "§10.2 item 1: a typed line is {\"type\": \"send\", \"id\": a number of your own, \"to\": \"*\", \"text\": the line}; " + README,
                        session -> {
                            Chat server = loggedInClient(session);
                            session.type("hello everyone");
                            server.expectSend("*", "hello everyone");
                        }),
                Stage.client("sends a private message", "a typed line \"@bob hi bob\" is sent to bob alone",
                        "§10.2 item 1: a line \"@name text\" is {\"type\": \"send\", \"to\": \"name\", \"text\": \"text\"}: split off the"
                                + " first word after @; " + README,
                        session -> {
                            Chat server = loggedInClient(session);
                            session.type("@bob hi bob");
                            server.expectSend("bob", "hi bob");
                        }),
                Stage.client("quits", "a typed \"q\" sends {\"type\": \"quit\"} (or just hangs up) and closes the connection",
                        "§10.2: on q send {\"type\": \"quit\"}, close the socket and end the program; " + README,
                        session -> {
                            Chat server = loggedInClient(session);
                            session.type("q");
                            server.expectQuit();
                        }));
    }

    /** Client stages: accepts the student's client, types the password, answers its login, and sees the welcome printed. */
    private static Chat loggedInClient(Session session) throws Exception {
        Socket socket = session.accept();
        session.type(CLIENT_PASSWORD);
        Chat server = new Chat(session, socket, "your client");
        ObjectNode login = server.next("{\"type\": \"login\", \"user\", \"password\": \"" + CLIENT_PASSWORD + "\"}");
        while ("register".equals(login.path("type").asText())) { // a client that registers first (chat-client --register)
            server.send(Messages.message("ok").put("message", "registered"));
            login = server.next("{\"type\": \"login\", \"user\", \"password\": \"" + CLIENT_PASSWORD + "\"}");
        }
        if (!"login".equals(login.path("type").asText()) || !login.path("user").isTextual()
                || !CLIENT_PASSWORD.equals(login.path("password").asText())) {
            throw new StageFailure("{\"type\": \"login\", \"user\", \"password\": \"" + CLIENT_PASSWORD + "\"} (the first line typed)", shown(login));
        }
        Chat loggedIn = new Chat(session, socket, login.path("user").asText());
        String welcome = "welcome " + loggedIn.user + " (0 messages waited for you)";
        loggedIn.send(Messages.message("ok").put("message", welcome));
        session.expectPrinted(welcome);
        return loggedIn;
    }

    String name(String who, int stage) {
        return who + stage + (suffix.isEmpty() ? "" : "-" + suffix);
    }

    String password(String user) {
        return user + "-password";
    }

    ObjectNode register(String user) {
        return Messages.message("register").put("user", user).put("password", password(user));
    }

    ObjectNode login(String user) {
        return Messages.message("login").put("user", user).put("password", password(user));
    }

    ObjectNode send(String to, String text, long id) {
        return Messages.message("send").put("id", id).put("to", to).put("text", text);
    }

    private Chat connect(Session session, String who, int stage) throws Exception {
        return new Chat(session, session.connect(), name(who, stage));
    }

    /** A connection of its own, registered and logged in. */
    private Chat loggedIn(Session session, String who, int stage) throws Exception {
        Chat chat = connect(session, who, stage);
        chat.send(register(chat.user));
        chat.expectOk("register " + chat.user);
        chat.send(login(chat.user));
        chat.expectOk("login " + chat.user);
        return chat;
    }

    /** One of the checker's users: frames of JSON on a connection to the student's server. */
    private static final class Chat {
        final Session session;
        final Socket socket;
        final String user;

        Chat(Session session, Socket socket, String user) {
            this.session = session;
            this.socket = socket;
            this.user = user;
        }

        void send(ObjectNode message) throws IOException, StageFailure {
            session.send(socket, frame(message));
        }

        void sendGlued(ObjectNode first, ObjectNode second) throws IOException, StageFailure {
            byte[] a = frame(first);
            byte[] b = frame(second);
            byte[] both = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            session.send(socket, both);
        }

        void sendByteByByte(ObjectNode message) throws Exception {
            socket.setTcpNoDelay(true); // each byte leaves in a segment of its own
            for (byte b : frame(message)) {
                session.send(socket, new byte[] {b});
                Thread.sleep(BYTE_PAUSE_MILLIS);
            }
        }

        /** The next frame that is not a notice, as a JSON object; {@code expected} says what was wanted if it is not there. */
        ObjectNode next(String expected) throws IOException, StageFailure {
            String wanted = expected + " on " + user + "'s connection";
            while (true) {
                byte[] header = session.read(socket, 4, wanted);
                int length = ByteBuffer.wrap(header).getInt();
                if (length < 2 || length > Messages.MAX_MESSAGE) {
                    throw new StageFailure(wanted, "a frame header that says " + length + " bytes (a frame is a 4-byte big-endian length,"
                            + " struct.pack('!i', n), then a JSON object of at most 64 KiB)");
                }
                byte[] body = session.read(socket, length, wanted);
                JsonNode node;
                try {
                    node = Messages.JSON.readTree(body);
                } catch (JacksonException e) {
                    throw new StageFailure(wanted, "a frame that is not JSON: " + Session.describe(body));
                }
                if (!(node instanceof ObjectNode message)) {
                    throw new StageFailure(wanted, "a frame that is not a JSON object: " + Session.describe(body));
                }
                String type = message.path("type").asText();
                if (!type.equals("notice") && !type.equals("ack")) { // a server's notice, a client's ack: allowed anywhere
                    return message;
                }
            }
        }

        void expectOk(String what) throws IOException, StageFailure {
            String expected = "{\"type\": \"ok\"} for " + what;
            ObjectNode got = next(expected);
            if (!"ok".equals(got.path("type").asText())) {
                throw new StageFailure(expected, shown(got));
            }
        }

        void expectError(String what) throws IOException, StageFailure {
            String expected = "{\"type\": \"error\"} for " + what;
            ObjectNode got = next(expected);
            if (!"error".equals(got.path("type").asText())) {
                throw new StageFailure(expected, shown(got));
            }
        }

        /** A status for the send {@code id}, saying {@code status} (any status when null). */
        void expectStatus(long id, String status) throws IOException, StageFailure {
            String expected = "{\"type\": \"status\", \"id\": " + id + (status == null ? "" : ", \"status\": \"" + status + "\"") + "}";
            ObjectNode got = next(expected);
            if (!"status".equals(got.path("type").asText()) || got.path("id").asLong(-1) != id
                    || (status != null && !status.equals(got.path("status").asText()))) {
                throw new StageFailure(expected, shown(got));
            }
        }

        void expectMessage(String from, String to, String text) throws IOException, StageFailure {
            ObjectNode wanted = Messages.message("message").put("from", from).put("to", to).put("text", text);
            ObjectNode got = next(shown(wanted));
            if (!"message".equals(got.path("type").asText()) || !from.equals(got.path("from").asText())
                    || !to.equals(got.path("to").asText()) || !text.equals(got.path("text").asText())) {
                throw new StageFailure(shown(wanted), shown(got));
            }
        }

        /** Client stages: the client sends {@code text} to {@code to}; the checker answers its status. */
        void expectSend(String to, String text) throws IOException, StageFailure {
            String expected = "{\"type\": \"send\", \"id\", \"to\": \"" + to + "\", \"text\": \"" + text + "\"}";
            ObjectNode got = next(expected);
            if (!"send".equals(got.path("type").asText()) || !to.equals(got.path("to").asText()) || !text.equals(got.path("text").asText())) {
                throw new StageFailure(expected, shown(got));
            }
            ObjectNode status = Messages.message("status").put("status", to.equals("*") ? "delivered to 1 online" : "delivered");
            status.set("id", got.get("id"));
            send(status);
        }

        /** Client stages: a quit frame and then the end of the connection, or the end at once. */
        void expectQuit() throws IOException, StageFailure {
            String expected = "{\"type\": \"quit\"} or the end of the connection";
            byte[] header;
            try {
                header = session.read(socket, 4, expected);
            } catch (StageFailure ended) {
                if (ended.getMessage().endsWith(", got the end of the connection")) { // nothing, then the end: not a header cut short
                    return;
                }
                throw ended;
            }
            int length = ByteBuffer.wrap(header).getInt();
            if (length < 2 || length > Messages.MAX_MESSAGE) {
                throw new StageFailure(expected, "a frame header that says " + length + " bytes");
            }
            byte[] body = session.read(socket, length, expected);
            JsonNode got;
            try {
                got = Messages.JSON.readTree(body);
            } catch (JacksonException e) {
                throw new StageFailure(expected, "a frame that is not JSON: " + Session.describe(body));
            }
            if (!"quit".equals(got.path("type").asText())) {
                throw new StageFailure(expected, shown(got));
            }
            session.expectEnd(socket, "your client to close the connection after its quit");
        }

        /** The next frame is the answer to who. */
        ObjectNode expectWho(String expected) throws IOException, StageFailure {
            ObjectNode got = next(expected);
            if (!"who".equals(got.path("type").asText()) || !got.path("online").isArray()) {
                throw new StageFailure(expected, shown(got));
            }
            return got;
        }

        /**
         * Asks who until {@code gone} is no longer listed (a server may notice a closed connection a
         * moment later), within the timeout; each answer must list every one of {@code online}.
         */
        void expectWhoUntil(List<String> online, String gone) throws Exception {
            String expected = "{\"type\": \"who\", \"online\": [...]} with " + String.join(" and ", online) + ", without " + gone;
            long deadline = System.nanoTime() + session.timeout().toNanos();
            while (true) {
                send(Messages.message("who"));
                ObjectNode got = expectWho(expected);
                List<String> names = new java.util.ArrayList<>();
                got.path("online").forEach(name -> names.add(name.asText()));
                if (!names.containsAll(online)) {
                    throw new StageFailure(expected, shown(got));
                }
                if (!names.contains(gone)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new StageFailure(expected, shown(got) + " still, " + session.timeout().toSeconds() + " s after " + gone + " quit");
                }
                Thread.sleep(50);
            }
        }

        private static byte[] frame(ObjectNode message) throws JsonProcessingException {
            byte[] body = Messages.JSON.writeValueAsBytes(message);
            return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
        }
    }

    /** A frame as the student reads it: compact JSON, control and other unseen characters escaped (lesson01's PeerText). */
    static String shown(JsonNode message) {
        try {
            return PeerText.shown(Messages.JSON.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            return message.toString();
        }
    }
}
