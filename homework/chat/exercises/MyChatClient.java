import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exercise (homework §10.2, items 1-3): a chat client. It connects, reads the password as the
 * first line of input, logs in, then sends each typed line ({@code @name text} to one user,
 * anything else to everyone; {@code q} quits) while it prints what the server sends. Check it
 * from the repository root ({@code java File.java} runs a single source file as it is):
 *
 * <pre>
 * java -jar homework/chat/target/homework-chat.jar check client -- java homework/chat/exercises/MyChatClient.java
 * </pre>
 *
 * The JSON is done for you ({@link Json}); the TODOs are the chat. Read
 * {@code socketlessons.homework.chat.ChatClient} once yours passes.
 */
public class MyChatClient {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        String user = args.length > 0 ? args[0] : "alice";
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            String password = keyboard.readLine();
            // TODO stage 1: send {"type": "login", "user": user, "password": password}, read the answer
            //               (read(in)) and print its "message"
            // TODO stage 2: then start a thread that reads every frame and prints a {"type": "message"}
            //               as from + ": " + text, so that messages show while readLine() waits
            long nextId = 0;
            while (true) {
                String line = keyboard.readLine();
                if (line == null || line.equals("q")) {
                    // TODO stage 5: send {"type": "quit"} first (try-with-resources closes the socket)
                    return;
                }
                nextId++;
                // TODO stage 3: send {"type": "send", "id": nextId, "to": "*", "text": line}
                // TODO stage 4: a line "@bob hi" goes to "bob" alone, with the text "hi"
            }
        }
    }

    /** The next message, or null when the server hung up between frames. */
    static Map<String, Object> read(DataInputStream in) throws IOException {
        int n;
        try {
            n = in.readInt(); // exactly 4 bytes, big-endian: it loops over short reads for you
        } catch (EOFException end) {
            return null;
        }
        if (n < 0 || n > 64 * 1024) {
            throw new IOException("a frame of " + n + " bytes: not this protocol");
        }
        return Json.parse(new String(in.readNBytes(n), StandardCharsets.UTF_8));
    }

    /** Sends one message as one frame; synchronized, in case two threads send. */
    static synchronized void send(DataOutputStream out, Map<String, Object> message) throws IOException {
        byte[] body = Json.write(message).getBytes(StandardCharsets.UTF_8);
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    static Map<String, Object> message(String type, String key, Object value) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put(key, value);
        return message;
    }

    /** Just enough JSON for the chat: an object of strings, whole numbers, true/false/null, and lists of strings. */
    static final class Json {
        private final String text;
        private int pos;

        private Json(String text) {
            this.text = text;
        }

        static Map<String, Object> parse(String text) {
            Json json = new Json(text);
            Map<String, Object> object = new LinkedHashMap<>();
            json.expect('{');
            while (json.peek() != '}') {
                String key = json.string();
                json.expect(':');
                object.put(key, json.value());
                if (json.peek() == ',') {
                    json.pos++;
                }
            }
            json.expect('}');
            return object;
        }

        static String write(Map<String, Object> object) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<String, Object> field : object.entrySet()) {
                out.append(out.length() > 1 ? "," : "").append(quote(field.getKey())).append(':');
                Object value = field.getValue();
                if (value instanceof String s) {
                    out.append(quote(s));
                } else if (value instanceof List<?> list) {
                    List<String> items = new ArrayList<>();
                    list.forEach(item -> items.add(quote(String.valueOf(item))));
                    out.append('[').append(String.join(",", items)).append(']');
                } else {
                    out.append(value); // a number, true, false or null
                }
            }
            return out.append('}').toString();
        }

        private static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < ' ') {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }

        private char peek() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos == text.length()) {
                throw new IllegalArgumentException("not JSON: it ends too soon");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("not JSON: '" + c + "' expected at " + pos);
            }
            pos++;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = pos;
            while (pos < text.length() && ",}] \t\r\n".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word) {
                case "true": return true;
                case "false": return false;
                case "null": return null;
                default: return Long.parseLong(word); // NumberFormatException (a RuntimeException) for anything else
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (text.charAt(pos) != '"') {
                char c = text.charAt(pos++);
                if (c == '\\') {
                    char e = text.charAt(pos++);
                    switch (e) {
                        case 'n': out.append('\n'); break;
                        case 't': out.append('\t'); break;
                        case 'r': out.append('\r'); break;
                        case 'b': out.append('\b'); break;
                        case 'f': out.append('\f'); break;
                        case 'u': out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16)); pos += 4; break;
                        default: out.append(e); // \" \\ \/
                    }
                } else {
                    out.append(c);
                }
            }
            pos++;
            return out.toString();
        }
    }
}
