package socketlessons.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;

/**
 * How a test sees that the server hung up. A server that closes a socket with bytes it never
 * read makes Linux send a reset instead of the usual end of stream, and which of the two
 * arrives depends on whether the server had read everything: both mean "hung up". Windows
 * words a reset "Connection reset" too, or "An established connection was aborted".
 */
final class HangUp {

    private HangUp() {
    }

    /** Everything that arrives until the server hangs up (end of stream or reset). */
    static byte[] readUntilHungUp(Socket sk) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = sk.getInputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                got.write(buf, 0, n);
            }
        } catch (SocketException e) {
            // "Connection reset" (Linux, macOS, Windows), or Windows' "An established connection was aborted ..."
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (!message.contains("reset") && !message.contains("aborted")) {
                throw e;
            }
        }
        return got.toByteArray();
    }

    /** True when the server hung up without sending another byte. */
    static boolean hungUpSilently(Socket sk) throws IOException {
        return readUntilHungUp(sk).length == 0;
    }
}
