package socketlessons.udp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat datagram with its number, {@code 7|你好}, as stop-and-wait numbers its messages: the
 * server answers with the same number, so the client can tell which message an answer answers.
 * The course's programs send bare text; a datagram that does not start with a number and
 * {@code |} is bare text.
 */
record NumberedMessage(long seq, String text) {

    private static final Pattern NUMBERED = Pattern.compile("(\\d{1,18})\\|(.*)", Pattern.DOTALL);

    /** The numbered message in {@code datagram}, or null when it is bare text. */
    static NumberedMessage parse(String datagram) {
        Matcher m = NUMBERED.matcher(datagram);
        return m.matches() ? new NumberedMessage(Long.parseLong(m.group(1)), m.group(2)) : null;
    }

    String encode() {
        return seq + "|" + text;
    }
}
