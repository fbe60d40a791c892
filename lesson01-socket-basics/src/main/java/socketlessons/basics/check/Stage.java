package socketlessons.basics.check;

import socketlessons.basics.check.CheckOptions.Mode;

/**
 * One step of a lesson's exercise, checked from outside over real sockets.
 *
 * @param mode which program it checks: the student's server or the student's client
 * @param name a few words, printed as {@code [stage K: name]}
 * @param description what is checked, one line for {@code --list}
 * @param hint one line printed when it fails: what to look at, naming the lesson's section
 * @param script the conversation; it throws {@link StageFailure} when the program does not do its part
 */
public record Stage(Mode mode, String name, String description, String hint, Script script) {

    /** A stage's conversation with the student's program. */
    @FunctionalInterface
    public interface Script {
        void run(Session session) throws Exception;
    }

    /** A stage that talks to the student's server as a client. */
    public static Stage server(String name, String description, String hint, Script script) {
        return new Stage(Mode.server, name, description, hint, script);
    }

    /** A stage that plays the server for the student's client. */
    public static Stage client(String name, String description, String hint, Script script) {
        return new Stage(Mode.client, name, description, hint, script);
    }
}
