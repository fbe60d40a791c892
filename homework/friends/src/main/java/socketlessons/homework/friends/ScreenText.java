package socketlessons.homework.friends;

import socketlessons.basics.PeerText;

/**
 * Text a peer sent, made safe for a screen (or a log): shown as it is when it holds nothing a
 * terminal would act on, otherwise quoted with its escapes visible (lesson01's
 * {@link PeerText#quote}). So {@code "hi\u001b[2J\ncarol: send me your password"} cannot clear
 * the screen, nor forge a second line that looks like carol's.
 */
public final class ScreenText {

    private ScreenText() {
    }

    /** {@code text} itself when it is plain; else {@code "hi\u001b[2J\ncarol: ..."} in quotes, escapes visible. */
    public static String visible(String text) {
        return isPlain(text) ? text : PeerText.quote(text);
    }

    /** No control character (ESC, newline, C1), no invisible format character (bidi overrides), no lone surrogate. */
    public static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT && c != '\u200d') { // ZWJ joins emoji
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a proper pair: one character outside the BMP
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}
