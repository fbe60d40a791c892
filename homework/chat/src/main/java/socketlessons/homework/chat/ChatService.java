package socketlessons.homework.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import socketlessons.auth.Authenticator;
import socketlessons.auth.LoginThrottle;
import socketlessons.auth.PasswordStore;
import socketlessons.homework.Messages;

/**
 * §10.2 the chat service, apart from sockets: who is online, login with lesson06's password
 * store and its rules, relay, and offline messages through the durable {@link MessageLog}.
 *
 * <p>Every private message is stored (and forced to disk) before anything else happens to it,
 * and forgotten only when its receiver acknowledges it. So a message whose sender was told
 * "stored" or "delivered" survives a crash of the server at any moment; the price is that a
 * message may arrive twice (delivered, then the server died before the ack), and the client
 * drops the repeat by its id.
 */
public final class ChatService {

    /** A message longer than this is refused. */
    public static final int MAX_TEXT = 4096;

    /** One logged-in user's connection. Writes to it are serialized on this object. */
    static final class Session {
        final String user;
        final Frames frames;

        Session(String user, Frames frames) {
            this.user = user;
            this.frames = frames;
        }
    }

    private final PasswordStore users;
    private final Authenticator authenticator;
    private final MessageLog log;
    private final Clock clock;
    private final Map<String, Session> online = new ConcurrentHashMap<>();

    /** {@code chat-server}: the service on lesson07's threading server, at 127.0.0.1:9000 with its data in ./chat-data. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("chat-server", args));
    }

    public ChatService(PasswordStore users, LoginThrottle throttle, MessageLog log, Clock clock) {
        this.users = users;
        this.authenticator = new Authenticator(users, throttle); // lesson06's login rules, not a copy of them
        this.log = log;
        this.clock = clock;
    }

    static ObjectNode ok(String message) {
        return Messages.message("ok").put("message", message);
    }

    ObjectNode register(String user, String password) {
        Authenticator.Result result = authenticator.register(user, password);
        return result.ok() ? ok(result.message()) : Messages.error(result.message());
    }

    /**
     * Logs {@code user} in on {@code frames}: answers, then delivers what waited for the user,
     * then tells the others. Returns the session, or null after answering with an error.
     */
    Session login(String user, String password, Frames frames) throws IOException {
        Authenticator.Result result = authenticator.login(user, password);
        if (!result.ok()) {
            frames.send(Messages.error(result.message()));
            return null;
        }
        Session session = new Session(user, frames);
        synchronized (session) {
            // Live messages to this user wait for this lock: the waiting ones go out first, in order.
            Session old = online.put(user, session);
            if (old != null) {
                // 在另一台设备登录: the newest login wins, as in QQ or WeChat. Otherwise a user whose
                // connection died unnoticed (no FIN, no RST) could not log in again until a timeout.
                takeOver(old);
            }
            var waiting = log.pendingFor(user);
            frames.send(ok(result.message() + " (" + waiting.size() + " messages waited for you)"));
            for (ObjectNode message : waiting) {
                frames.send(message);
            }
        }
        notice(user + " is online", user);
        return session;
    }

    /** Tells the old connection why, and closes it; its handler's logout then leaves the new session alone. */
    private static void takeOver(Session old) {
        try {
            old.frames.send(Messages.message("notice").put("text", "logged in on another connection: this one is closed"));
        } catch (IOException e) {
            // the old connection is broken already: closing it is all that is left
        }
        try {
            old.frames.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    void logout(Session session) {
        if (online.remove(session.user, session)) {
            notice(session.user + " is offline", session.user);
        }
    }

    /** Relays one message from {@code from}; answers the sender with a status or an error. */
    ObjectNode send(String from, JsonNode to, JsonNode text, JsonNode clientId) throws IOException {
        if (to == null || !to.isTextual() || text == null || !text.isTextual()) {
            return Messages.error("a message needs \"to\" and \"text\"");
        }
        if (text.asText().length() > MAX_TEXT) {
            return Messages.error("a message is at most " + MAX_TEXT + " characters");
        }
        ObjectNode status = Messages.message("status").set("id", clientId);
        if (to.asText().equals("*")) {
            ObjectNode message = Messages.message("message").put("id", 0).put("from", from).put("to", "*")
                    .put("text", text.asText()).put("sent", clock.millis());
            int reached = 0;
            for (Session other : online.values()) {
                if (!other.user.equals(from) && deliver(other, message)) {
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
        Session session = online.get(receiver);
        boolean delivered = session != null && deliver(session, message);
        return status.put("status", delivered ? "delivered" : "stored").put("message", message.get("id").asLong());
    }

    /** Writes one message to a session; false when that connection has just gone. */
    private static boolean deliver(Session session, ObjectNode message) {
        synchronized (session) {
            try {
                session.frames.send(message);
                return true;
            } catch (IOException e) {
                return false; // it stays in the log: delivered at the next login
            }
        }
    }

    void acknowledge(String user, JsonNode id) throws IOException {
        if (id != null && id.canConvertToLong()) {
            log.acknowledge(user, id.asLong());
        }
    }

    ObjectNode who() {
        ArrayNode names = Messages.JSON.createArrayNode();
        new TreeSet<>(online.keySet()).forEach(names::add);
        ObjectNode answer = Messages.message("who");
        answer.set("online", names);
        return answer;
    }

    private void notice(String text, String about) {
        ObjectNode notice = Messages.message("notice").put("text", text);
        for (Session other : online.values()) {
            if (!other.user.equals(about)) {
                deliver(other, notice);
            }
        }
    }
}
