package socketlessons.auth;

import java.io.IOException;

/**
 * The rules of a login, in one place, whatever carries it (JSON lines here, the homework's
 * frames there): a name or password that breaks the rules is refused before any work; a user
 * who failed too often waits; otherwise the password is checked; the outcome feeds the
 * back-off. An unknown user and a wrong password get the same answer, {@link #WRONG}.
 */
public final class Authenticator {

    /** The one answer for an unknown user and for a wrong password. */
    public static final String WRONG = "wrong user name or password";

    /** What to tell the client. */
    public record Result(boolean ok, String message) {
    }

    private final PasswordStore store;
    private final LoginThrottle throttle;

    public Authenticator(PasswordStore store, LoginThrottle throttle) {
        this.store = store;
        this.throttle = throttle;
    }

    public Result login(String user, String password) {
        String problem = PasswordStore.invalid(user, password);
        if (problem != null) {
            return new Result(false, problem);
        }
        // The turn for this name is taken before the slow check and kept until its outcome is
        // counted: guesses sent at the same moment are judged one after another.
        try (LoginThrottle.Attempt attempt = throttle.begin(user)) {
            if (!attempt.allowed()) {
                // Said for known and unknown names alike, and before any hashing: no clue either way.
                long seconds = Math.max(1, (attempt.mustWait().toMillis() + 999) / 1000);
                return new Result(false, "too many failed logins for " + user + ": try again in " + seconds + " s");
            }
            if (store.verify(user, password)) {
                attempt.succeeded();
                return new Result(true, "welcome " + user);
            }
            attempt.failed();
            return new Result(false, WRONG);
        }
    }

    public Result register(String user, String password) {
        try {
            store.register(user, password);
            return new Result(true, "registered " + user);
        } catch (IllegalArgumentException e) {
            return new Result(false, e.getMessage());
        } catch (IOException e) {
            return new Result(false, "could not save the user file: " + e.getMessage());
        }
    }
}
