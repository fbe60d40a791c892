package socketlessons.basics;

/**
 * Text a peer sent, made safe to print: quoted, with control characters escaped, so that a
 * name like {@code "x\n127.0.0.1: welcome admin"} or an escape sequence cannot forge a line
 * in a server's log or repaint a student's terminal.
 */
public final class PeerText {

    /** Longer text is cut: a log line stays a line. */
    static final int MAX_CHARS = 200;

    private PeerText() {
    }

    /** {@code "like this"}: quotes, backslash escapes for {@code \ " \n \r \t}, {@code \\uXXXX} for other controls; cut at 200 characters, for a log line. */
    public static String quote(String text) {
        return quote(text, MAX_CHARS);
    }

    /**
     * What a peer sent, as a screen should show it: as it came when it is plain text, else
     * quoted and escaped whole (a chat line that carries an escape sequence or a newline could
     * repaint the terminal or forge someone else's line).
     */
    public static String shown(String text) {
        return isPlain(text) ? text : quote(text, Integer.MAX_VALUE);
    }

    /** No control character (newline, ESC, C1), no invisible format character (bidi overrides), no lone surrogate. */
    public static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c))
                    && !(c == '\u200d' || isPairedSurrogate(text, i))) { // a zero-width joiner joins emoji
                return false;
            }
        }
        return true;
    }

    private static String quote(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), maxChars) + 2).append('"');
        int end = Math.min(text.length(), maxChars);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (isUnsafe(text, i, c)) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        quoted.append('"');
        if (text.length() > end) {
            quoted.append("... (").append(text.length() - end).append(" more characters)");
        }
        return quoted.toString();
    }

    /** Controls (ESC among them), invisible format characters (bidi overrides), lone surrogates. */
    private static boolean isUnsafe(String text, int i, char c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.isSurrogate(c) && !isPairedSurrogate(text, i);
    }

    private static boolean isPairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
