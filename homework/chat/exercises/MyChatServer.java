import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exercise (homework §10.2, items 1-3): a chat server. Each frame is a 4-byte big-endian length
 * and then that many bytes of one JSON object (see homework/chat's README for the messages). Check
 * it from the repository root ({@code java File.java} runs a single source file as it is):
 *
 * <pre>
 * java -jar homework/chat/target/homework-chat.jar check server -- java homework/chat/exercises/MyChatServer.java
 * </pre>
 *
 * The JSON is done for you ({@link Json}: flat objects of strings and numbers); the TODOs are the
 * chat. Read {@code socketlessons.homework.chat.ChatService} once yours passes.
 */
public class MyChatServer {

    static final int MAX_FRAME = 64 * 1024;

    private final Map<String, String> users = new LinkedHashMap<>();          // TODO stage 7: a salted hash, not the password
    private final Map<String, Connection> online = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> waiting = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        MyChatServer chat = new MyChatServer();
        try (ServerSocket serverSocket = new ServerSocket()) {
            serverSocket.bind(new InetSocketAddress("127.0.0.1", port));
            while (true) {
                Socket conn = serverSocket.accept();
                new Thread(() -> chat.serve(conn)).start(); // a thread per client: they talk at the same time
            }
        }
    }

    /** One client's connection; {@link #send} holds its lock for a whole frame, as several threads write to it. */
    static final class Connection {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = new DataOutputStream(socket.getOutputStream());
        }

        /** The next message, or null when the client hung up between frames. */
        Map<String, Object> read() throws IOException {
            int n;
            try {
                n = in.readInt(); // exactly 4 bytes, big-endian: it loops over short reads for you (stage 2)
            } catch (EOFException end) {
                return null;
            }
            // TODO stage 1: refuse n < 0 or n > MAX_FRAME (throw an IOException), read exactly n bytes
            //               (in.readNBytes(n)) and return Json.parse(new String(body, StandardCharsets.UTF_8))
            return null;
        }

        synchronized void send(Map<String, Object> message) throws IOException {
            byte[] body = Json.write(message).getBytes(StandardCharsets.UTF_8);
            out.writeInt(body.length);
            out.write(body);
            out.flush();
        }
    }

    void serve(Socket socket) {
        String me = null;
        try (socket) {
            Connection conn = new Connection(socket);
            while (true) {
                Map<String, Object> request = conn.read();
                if (request == null || "quit".equals(request.get("type"))) {
                    return;
                }
                Object type = request.get("type");
                if ("register".equals(type)) {
                    // TODO stage 1: keep the user and its password, answer {"type": "ok", "message": "registered"}
                    // TODO stage 7: a name that is taken gets {"type": "error", "message": ...}
                } else if ("login".equals(type)) {
                    // TODO stage 1: me = the user; put conn in online; answer {"type": "ok", ...}
                    // TODO stage 6: then send the messages that waited for me
                    // TODO stage 7: a wrong password or an unknown user gets {"type": "error", ...}
                } else if (me == null) {
                    conn.send(message("error", "message", "log in first"));
                } else if ("who".equals(type)) {
                    // TODO stage 4: answer {"type": "who", "online": [the names online]} (a List<String> value)
                } else if ("send".equals(type)) {
                    Map<String, Object> message = message("message", "from", me);
                    message.put("to", request.get("to"));
                    message.put("text", request.get("text"));
                    // TODO stage 3: to "*": send it to everyone online but me, then answer
                    //               {"type": "status", "id": request's id, "status": "delivered"}
                    // TODO stage 5: to one user who is online: to that user only, status "delivered"
                    // TODO stage 6: to a registered user who is offline: keep it in waiting, status "stored"
                } else {
                    conn.send(message("error", "message", "unknown type"));
                }
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("closing a connection: " + e);
        } finally {
            // TODO stage 4: take me out of online when the connection ends (synchronized: other threads read it)
        }
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
