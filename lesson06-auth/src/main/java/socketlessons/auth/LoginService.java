package socketlessons.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;

/**
 * The login protocol, apart from sockets: one JSON request in, one JSON answer out.
 *
 * <pre>
 * {"op": "register", "user": "alice", "password": "..."}  →  {"ok": true, "message": "registered alice"}
 * {"op": "login",    "user": "alice", "password": "..."}  →  {"ok": true, "message": "welcome alice"}
 *                                                          or {"ok": false, "message": "wrong user name or password"}
 * </pre>
 *
 * The course's {@code {'usr', 'pwd'}} request, with a hashed store and the same answer for an
 * unknown user and a wrong password.
 */
public final class LoginService {

    public static final String WRONG = "wrong user name or password";

    private final ObjectMapper json = new ObjectMapper();
    private final PasswordStore store;
    private final LoginThrottle throttle;

    public LoginService(PasswordStore store, LoginThrottle throttle) {
        this.store = store;
        this.throttle = throttle;
    }

    /** Answers one request line. */
    public String handle(String requestLine) {
        JsonNode request;
        try {
            request = json.readTree(requestLine);
        } catch (JacksonException e) {
            return answer(false, "bad request: not JSON");
        }
        String op = text(request, "op");
        String user = text(request, "user");
        String password = text(request, "password");
        if (op == null || user == null || password == null) {
            return answer(false, "bad request: it needs \"op\", \"user\" and \"password\"");
        }
        return switch (op) {
            case "register" -> register(user, password);
            case "login" -> login(user, password);
            default -> answer(false, "bad request: op is register or login, not " + op);
        };
    }

    private String register(String user, String password) {
        try {
            store.register(user, password);
            return answer(true, "registered " + user);
        } catch (IllegalArgumentException e) {
            return answer(false, e.getMessage());
        } catch (IOException e) {
            return answer(false, "could not save the user file: " + e.getMessage());
        }
    }

    private String login(String user, String password) {
        String problem = PasswordStore.invalid(user, password);
        if (problem != null) {
            return answer(false, problem);
        }
        Duration wait = throttle.waitBeforeAttempt(user);
        if (!wait.isZero()) {
            return answer(false, "too many failed logins for " + user + ": try again in " + Math.max(1, wait.toSeconds()) + " s");
        }
        if (store.verify(user, password)) {
            throttle.succeeded(user);
            return answer(true, "welcome " + user);
        }
        throttle.failed(user);
        return answer(false, WRONG);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private String answer(boolean ok, String message) {
        return json.createObjectNode().put("ok", ok).put("message", message).toString();
    }
}
