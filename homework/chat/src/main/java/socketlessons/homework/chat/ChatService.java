package socketlessons.homework.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import socketlessons.auth.Authenticator;
import socketlessons.auth.LoginThrottle;
import socketlessons.auth.PasswordHasher;
import socketlessons.auth.PasswordStore;
import socketlessons.basics.Deadlines;
import socketlessons.basics.cli.Endpoint;
import socketlessons.homework.Messages;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

/**
 * §10.2 the chat service, apart from sockets: who is online, login with lesson06's
 * {@link Authenticator}, relay, and offline messages through the durable {@link MessageLog}.
 *
 * <p>Every private message is stored (and forced to disk) before anything else happens to it,
 * and forgotten only when its receiver acknowledges it. So a message whose sender was told
 * "stored" or "delivered" survives a crash of the server at any moment; the price is that a
 * message may arrive twice (delivered, then the server died before the ack), and the client
 * drops the repeat by its id.
 *
 * <p>Nothing here ever waits on another user's connection: what goes to a user is
 * {@linkplain Outbox#offer offered} to that user's {@link QueuedOutbox}, which cuts off a user
 * who does not read.
 */
public final class ChatService implements AutoCloseable {

    /** A message longer than this is refused. */
    public static final int MAX_TEXT = 4096;
    /** Names per {@code who} answer: 1,000 names of at most 32 characters stay far below a frame's 64 KiB. */
    static final int WHO_PAGE = 1_000;
    /** What may wait for one user before it is cut off for not reading: 256 of the longest messages. */
    static final long MAX_WAITING = 1024 * 1024;
    /** How long one write to a user may take before the user is cut off. */
    static final Duration WRITE_LIMIT = Duration.ofSeconds(30);
    /**
     * How long one frame may take to arrive, from its first byte (issue 20): a frame is at most
     * 64 KiB, seconds on the slowest link. Silence between frames is lesson07's timeout (30 min).
     */
    static final Duration FRAME_LIMIT = Duration.ofSeconds(30);

    /** Opens the outbox of a new connection: {@code QueuedOutbox::new} but for the test that shows the first version's flaw. */
    interface Outboxes {
        Outbox open(Socket socket, Messages messages, String address);
    }

    /** One logged-in user's connection. */
    static final class Session {
        final String user;
        final Outbox outbox;
        private final long maxWaiting;
        // While the messages that waited for the user are sent, live ones are held, then sent after them.
        private boolean replaying = true;
        private final List<Long> heldIds = new ArrayList<>();
        private final List<byte[]> held = new ArrayList<>();
        private long heldBytes;
        private Set<Long> replayed = Set.of();

        Session(String user, Outbox outbox, long maxWaiting) {
            this.user = user;
            this.outbox = outbox;
            this.maxWaiting = maxWaiting;
        }

        /**
         * A message, notice or status for this user ({@code id} 0 when it is not a stored message).
         * Never waits. A stored message that the login's replay sent already is not sent again:
         * a message stored while its receiver logs in is in the replay and is relayed live too.
         */
        synchronized boolean deliver(long id, byte[] json) {
            if (id != 0 && replayed.contains(id)) {
                return true;
            }
            if (!replaying) {
                return outbox.offer(json);
            }
            if (heldBytes + json.length > maxWaiting) {
                outbox.cutOff("more than " + maxWaiting / 1024 + " KiB arrived while its waiting messages were sent (it does not read)");
                return false;
            }
            heldIds.add(id);
            held.add(json);
            heldBytes += json.length;
            return true;
        }

        /** The replay is sent: what arrived meanwhile goes out after it, without what the replay held already. */
        synchronized void goLive(Set<Long> replayedIds) {
            replayed = replayedIds;
            replaying = false;
            for (int i = 0; i < held.size(); i++) {
                deliver(heldIds.get(i), held.get(i));
            }
            heldIds.clear();
            held.clear();
        }
    }

    private final PasswordStore users;
    private final Authenticator authenticator;
    private final MessageLog log;
    private final Clock clock;
    private final Consumer<String> serverLog;
    private final Deadlines deadlines = new Deadlines("chat-server");
    private final ConcurrentSkipListMap<String, Session> online = new ConcurrentSkipListMap<>(); // sorted: who pages through it
    private Outboxes outboxes;
    private long maxWaiting = MAX_WAITING;
    private Duration frameLimit = FRAME_LIMIT;

    /** {@code chat-server}, from an IDE with no arguments: the service on lesson07's threading server, at 127.0.0.1:9000 with its data in ./chat-data. */
    public static void main(String[] args) {
        System.exit(run(socketlessons.basics.cli.Console.system(), args));
    }

    /** What {@link #main} runs: {@code chat-server} with {@code args}. */
    static int run(socketlessons.basics.cli.Console console, String... args) {
        return Launcher.run(console, socketlessons.basics.cli.Cli.prepend("chat-server", args));
    }

    /** {@code chat-server}: binds first (a busy port is said at once, before the files are opened), opens {@code data}, serves until Ctrl+C. */
    static void serve(InetSocketAddress address, Path data, int iterations, Consumer<String> out) throws Exception {
        TcpServer.Options options = new TcpServer.Options().timeout(Duration.ofMinutes(30));
        ChatService[] service = new ChatService[1]; // set before the first connection is taken
        try (ThreadingTcpServer server = new ThreadingTcpServer(address, () -> new ChatHandler(service[0]), options, out)) {
            out.accept("opening " + data + " (users.txt, messages.log)...");
            try (ChatService opened = open(data, iterations, out, true)) {
                service[0] = opened;
                out.accept("listening on " + Endpoint.format(server.address()));
                server.serveForever();
            }
        }
    }

    /**
     * Opens the service's files in {@code data}: users.txt (lesson06) and messages.log.
     * {@code durable} false: for tests, the message log skips its forces to disk (see {@link MessageLog#open(Path, boolean)}).
     */
    static ChatService open(Path data, int iterations, Consumer<String> log, boolean durable) throws Exception {
        Files.createDirectories(data);
        PasswordStore users = PasswordStore.open(data.resolve("users.txt"), new PasswordHasher(iterations));
        users.problems().forEach(log);
        MessageLog messages = MessageLog.open(data.resolve("messages.log"), durable);
        messages.problems().forEach(log);
        return new ChatService(users, new LoginThrottle(Clock.systemUTC()), messages, Clock.systemUTC(), log);
    }

    public ChatService(PasswordStore users, LoginThrottle throttle, MessageLog log, Clock clock, Consumer<String> serverLog) {
        this.users = users;
        this.authenticator = new Authenticator(users, throttle); // lesson06's login rules, not a copy of them
        this.log = log;
        this.clock = clock;
        this.serverLog = serverLog;
        this.outboxes = (socket, messages, address) ->
                new QueuedOutbox(socket, messages, address, maxWaiting, WRITE_LIMIT, deadlines, serverLog);
    }

    /** For tests: another kind of outbox, or a limit that is reached sooner. */
    ChatService outboxes(Outboxes outboxes) {
        this.outboxes = outboxes;
        return this;
    }

    ChatService limits(long maxWaiting, Duration writeLimit) {
        this.maxWaiting = maxWaiting;
        this.outboxes = (socket, messages, address) ->
                new QueuedOutbox(socket, messages, address, maxWaiting, writeLimit, deadlines, serverLog);
        return this;
    }

    /** For tests: a deadline per frame that is reached sooner, or {@link Duration#ZERO} for none (the server as it was). */
    ChatService frameLimit(Duration limit) {
        this.frameLimit = limit;
        return this;
    }

    /** The clock of one frame, started at its first byte: at {@link #frameLimit} the connection is closed. */
    Deadlines.Deadline frameDeadline(Socket socket) {
        return deadlines.start(socket, frameLimit);
    }

    /** Says why a connection was cut off at its frame deadline: one line in the server's log. */
    void frameTooSlow(String who) {
        long millis = frameLimit.toMillis();
        serverLog.accept(who + ": cut off: no whole frame within " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms")
                + " of its first byte (it sends too slowly)");
    }

    Outbox openOutbox(Socket socket, Messages messages, String address) {
        return outboxes.open(socket, messages, address);
    }

    static ObjectNode ok(String message) {
        return Messages.message("ok").put("message", message);
    }

    ObjectNode register(String user, String password) {
        Authenticator.Result result = authenticator.register(user, password);
        return result.ok() ? ok(result.message()) : Messages.error(result.message());
    }

    /**
     * Logs {@code user} in on {@code outbox}: answers, then sends what waited for the user
     * (live messages that arrive meanwhile follow it), then tells the others. Returns the
     * session, or null after answering with an error.
     */
    Session login(String user, String password, Outbox outbox) throws IOException {
        Authenticator.Result result = authenticator.login(user, password);
        if (!result.ok()) {
            outbox.put(Messages.encode(Messages.error(result.message())));
            return null;
        }
        outbox.loggedInAs(user);
        Session session = new Session(user, outbox, maxWaiting);
        Session old = online.put(user, session); // from here on, relays to the user are held until the replay is sent
        if (old != null) {
            // 在另一台设备登录: the newest login wins, as in QQ or WeChat. Otherwise a user whose
            // connection died unnoticed (no FIN, no RST) could not log in again until a timeout.
            takeOver(old);
        }
        List<ObjectNode> waiting = log.pendingFor(user);
        Set<Long> replayed = new HashSet<>();
        outbox.put(Messages.encode(ok(result.message() + " (" + waiting.size() + " messages waited for you)")));
        for (ObjectNode message : waiting) {
            outbox.put(Messages.encode(message)); // this user's own thread: it may wait for its own client
            replayed.add(message.get("id").asLong());
        }
        session.goLive(replayed);
        notice(user + " is online", user);
        return session;
    }

    /** Tells the old connection why, and closes it once that is sent; its handler's logout then leaves the new session alone. */
    private static void takeOver(Session old) throws IOException {
        old.outbox.offer(Messages.encode(Messages.message("notice").put("text", "logged in on another connection: this one is closed")));
        old.outbox.finish();
    }

    void logout(Session session) {
        if (online.remove(session.user, session)) {
            notice(session.user + " is offline", session.user);
        }
    }

    /** Relays one message from {@code from}; returns the sender's status or an error. */
    ObjectNode send(String from, JsonNode to, JsonNode text, JsonNode clientId) throws IOException {
        if (to == null || !to.isTextual() || text == null || !text.isTextual()) {
            return Messages.error("a message needs \"to\" and \"text\"");
        }
        if (text.asText().length() > MAX_TEXT) {
            return Messages.error("a message is at most " + MAX_TEXT + " characters");
        }
        ObjectNode status = Messages.message("status").set("id", clientId);
        if (to.asText().equals("*")) {
            byte[] message = Messages.encode(Messages.message("message").put("id", 0).put("from", from).put("to", "*")
                    .put("text", text.asText()).put("sent", clock.millis()));
            int reached = 0;
            for (Session other : online.values()) {
                if (!other.user.equals(from) && other.deliver(0, message)) {
                    reached++;
                }
            }
            return status.put("status", "delivered to " + reached + " online");
        }
        String receiver = to.asText();
        if (!users.exists(receiver)) {
            return Messages.error("there is no user " + receiver);
        }
        ObjectNode message = log.store(from, receiver, text.asText(), clock.millis()); // forced to disk first
        long id = message.get("id").asLong();
        Session session = online.get(receiver);
        boolean delivered = session != null && session.deliver(id, Messages.encode(message));
        return status.put("status", delivered ? "delivered" : "stored").put("message", id);
    }

    void acknowledge(String user, JsonNode id) throws IOException {
        if (id != null && id.canConvertToLong()) {
            log.acknowledge(user, id.asLong());
        }
    }

    /** Who is online, in pages of {@link #WHO_PAGE} names after {@code after}; {@code next} says where the next page starts. */
    ObjectNode who(JsonNode after) {
        return who(online.navigableKeySet(), after);
    }

    static ObjectNode who(NavigableSet<String> online, JsonNode after) {
        Set<String> names = after != null && after.isTextual() ? online.tailSet(after.asText(), false) : online;
        ObjectNode answer = Messages.message("who");
        ArrayNode page = answer.putArray("online");
        for (String name : names) {
            if (page.size() == WHO_PAGE) {
                return answer.put("next", page.get(WHO_PAGE - 1).asText()); // one name of 32 characters or less: a page stays near 35 KB
            }
            page.add(name);
        }
        return answer;
    }

    private void notice(String text, String about) {
        byte[] notice;
        try {
            notice = Messages.encode(Messages.message("notice").put("text", text));
        } catch (IOException e) {
            throw new IllegalStateException("a notice always encodes", e);
        }
        for (Session other : online.values()) {
            if (!other.user.equals(about)) {
                other.deliver(0, notice); // never waits: a user who does not read is cut off, not waited for
            }
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.close();
        log.close();
    }
}
