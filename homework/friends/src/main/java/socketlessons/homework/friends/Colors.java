package socketlessons.homework.friends;

/**
 * Whether to colour names, by the usual conventions: {@code --color always|never|auto}; in
 * {@code auto}, no colour when {@code NO_COLOR} is set (https://no-color.org) or when
 * output is not a terminal (piped to a file, or run by a test).
 */
public enum Colors {
    ALWAYS, NEVER, AUTO;

    private static final String RESET = "\033[0m";

    /** Decides once, at start-up: is colour on? */
    public boolean enabled(String noColorVariable, boolean outputIsTerminal) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> (noColorVariable == null || noColorVariable.isEmpty()) && outputIsTerminal;
        };
    }

    /** {@code text} in the friend's colour, or plain when colour is off. */
    public static String paint(boolean enabled, String color, String text) {
        return enabled ? "\033[" + color + "m" + text + RESET : text;
    }
}
