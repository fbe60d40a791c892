import java.io.BufferedReader;
import java.io.ByteArrayOutputStream; // for the buffer of stages 3 and 4
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exercise (homework §10.1): the friends server. A friend sends raw UTF-8 JSON
 * {"msg": ..., "id": ...} with no framing; print "name: msg", answer with the line typed at
 * the keyboard. Check it (Java 11+ runs a single source file as it is):
 *
 * <pre>
 * java -jar homework/friends/target/homework-friends.jar check server -- java homework/friends/exercises/MyFriendsServer.java
 * </pre>
 *
 * The checker is the friend, and it types the server's answers at its keyboard itself.
 * The helpers at the bottom (objectEnd, field) are given: parsing is not this exercise.
 * Read {@code socketlessons.homework.friends.FriendsServer} and {@code FriendsChat} once yours passes.
 */
public class MyFriendsServer {

    private static final Map<String, String> NAMES = Map.of("12345", "alex", "12346", "sia");
    private static final int MAX_MESSAGE = 64 * 1024;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ServerSocket serverSocket = new ServerSocket()) {
            serverSocket.bind(new InetSocketAddress("127.0.0.1", port));
            System.out.println("*".repeat(20));
            // TODO stage 2: an outer loop, so the next friend is served after this one
            // TODO stage 7: catch the IOException of one conversation here (print it), so garbage ends that friend only
            try (Socket conn = serverSocket.accept()) {
                chat(conn, keyboard);
            }
        }
    }

    private static void chat(Socket conn, BufferedReader keyboard) throws IOException {
        InputStream in = conn.getInputStream();
        OutputStream out = conn.getOutputStream();
        byte[] buf = new byte[1024];
        while (true) {
            // TODO stages 3 and 4: one read may hold two messages, or half of one (even half a character).
            //      Keep the bytes in a ByteArrayOutputStream; take a message off it only when objectEnd
            //      finds its end, and keep the rest for the next one. Decode only a whole message, and
            //      hang up on one that grows past MAX_MESSAGE bytes without an end.
            // TODO stage 7: bytes that do not start with { are garbage: throw an IOException (hang up)
            int n = in.read(buf);
            if (n == -1) {
                return;
            }
            String message = new String(buf, 0, n, StandardCharsets.UTF_8);
            String id = field(message, "id");
            String msg = field(message, "msg");
            // TODO stage 6: without an id or a msg, write error: a message needs "id" and "msg" and go on
            String name = NAMES.get(id);
            // TODO stage 5: an id not in NAMES: write "I do not know who " + id + " is" and go on
            // TODO stage 2: if msg is q or Q, print name + "已经下线" and return (try-with-resources hangs up)
            // TODO stage 1: print name + ": " + msg, then ">>>", read an answer from keyboard and write it back:
            //               out.write(answer.getBytes(StandardCharsets.UTF_8))
        }
    }

    /**
     * Where the JSON object that starts at {@code start} ends (the index after its closing
     * brace), or -1 while it is not whole. It works on UTF-8 bytes: the bytes of { } " and \
     * never occur inside a multi-byte character.
     */
    static int objectEnd(byte[] bytes, int start) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** The string (or number) value of {@code name} in a flat JSON object, or null. Enough for this chat, not a JSON parser. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?[0-9]+))").matcher(json);
        if (!m.find()) {
            return null;
        }
        if (m.group(2) != null) {
            return m.group(2);
        }
        StringBuilder text = new StringBuilder();
        String raw = m.group(1);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> text.append('\n');
                case 't' -> text.append('\t');
                case 'r' -> text.append('\r');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(e); // \" \\ \/
            }
        }
        return text.toString();
    }
}
