package socketlessons.auth;

/**
 * Text from a peer, made safe to print. A peer can put anything in a JSON string: a newline
 * followed by what looks like another log line ({@code "x\n127.0.0.1:1: welcome admin"}), or a
 * terminal's escape sequence that clears the screen. Printed as it is, it forges the log or
 * takes over the console. Escaped, every control character, format character and lone
 * surrogate shows as {@code \n} or {@code \}{@code uXXXX}: one line, and visibly odd.
 */
public final class SafeText {

    /** A peer's string in a log line is cut to this many characters. */
    static final int MAX_QUOTED = 80;

    private SafeText() {
    }

    /** {@code text} in double quotes, escaped, cut to {@value #MAX_QUOTED} characters: for a log line. */
    public static String quote(String text) {
        String escaped = escape(text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) : text)
                .replace("\"", "\\\"");
        return "\"" + escaped + "\"" + (text.length() > MAX_QUOTED ? "..." : "");
    }

    /** {@code text} with its control and format characters escaped (and backslashes doubled): for a console. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i)); // a character outside the BMP: as it is
                    } else if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** C0 and C1 controls (ESC, CSI), DEL, format characters (bidi overrides), line separators, lone surrogates. */
    private static boolean unsafe(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
