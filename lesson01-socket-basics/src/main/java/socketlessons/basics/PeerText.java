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

    /** {@code "like this"}: quotes, backslash escapes for {@code \ " \n \r \t}, {@code \\uXXXX} for other controls. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 2).append('"');
        int end = Math.min(text.length(), MAX_CHARS);
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
        if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
