package socketlessons.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import socketlessons.basics.PeerText;

/**
 * The login protocol, apart from sockets: one JSON request line in, one JSON answer line out.
 *
 * <pre>
 * {"op": "register", "user": "alice", "password": "..."}  →  {"ok": true, "message": "registered alice"}
 * {"op": "login",    "user": "alice", "password": "..."}  →  {"ok": true, "message": "welcome alice"}
 *                                                          or {"ok": false, "message": "wrong user name or password"}
 * </pre>
 *
 * The course's {@code {'usr', 'pwd'}} request, with an {@code op}, a newline at the end (JSON
 * never has a raw newline inside, so a line is exactly one request), a hashed store, and the
 * same answer for an unknown user and a wrong password.
 */
public final class LoginService {

    private final ObjectMapper json = new ObjectMapper();
    private final Authenticator authenticator;

    public LoginService(PasswordStore store, LoginThrottle throttle) {
        this.authenticator = new Authenticator(store, throttle);
    }

    /** Answers one request line (without its newline) with one answer line (without its newline). */
    public String handle(String requestLine) {
        Authenticator.Result result = decide(requestLine);
        return answer(result.ok(), result.message());
    }

    /** What to answer to one request line. */
    Authenticator.Result decide(String requestLine) {
        JsonNode request;
        try {
            request = json.readTree(requestLine);
        } catch (JacksonException e) {
            return new Authenticator.Result(false, "bad request: not JSON");
        }
        String op = text(request, "op");
        String user = text(request, "user");
        String password = text(request, "password");
        if (op == null || user == null || password == null) {
            return new Authenticator.Result(false, "bad request: it needs \"op\", \"user\" and \"password\"");
        }
        return switch (op) {
            case "register" -> authenticator.register(user, password);
            case "login" -> authenticator.login(user, password);
            // The op is the peer's text: quoted, so that it cannot forge a line of the server's log.
            default -> new Authenticator.Result(false, "bad request: op is register or login, not " + PeerText.quote(op));
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    String answer(boolean ok, String message) {
        return json.createObjectNode().put("ok", ok).put("message", message).toString();
    }
}
