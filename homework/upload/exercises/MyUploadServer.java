import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exercise (homework/upload, §10.2 item 4): a file upload server in the upload's protocol
 * (homework/upload/README.md, "The protocol"): every message is a JSON object in a frame (a
 * 4-byte big-endian length, then the UTF-8 JSON), and a file's body goes raw between "ready" and
 * "end". Check it from the repository root (Java 17 runs a single source file as it is):
 *
 * <pre>
 * java -jar homework/upload/target/homework-upload.jar check server -- java homework/upload/exercises/MyUploadServer.java
 * </pre>
 *
 * Each TODO names the stage that checks it ({@code check --list} prints them). Files go to
 * FOLDER/files/USER/ (FOLDER: the first argument, upload-data by default). The JDK has no JSON:
 * {@link #parse} and {@link #json} below read and write the flat messages of this protocol. Read
 * {@code socketlessons.homework.upload.UploadService} and {@code UploadStore} once yours passes.
 */
public class MyUploadServer {

    static final int MAX_MESSAGE = 64 * 1024;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
        Path folder = Path.of(args.length > 0 ? args[0] : "upload-data").toAbsolutePath();
        Map<String, String> users = new HashMap<>(); // a real server keeps salted hashes (lesson06)
        try (ServerSocket serverSocket = new ServerSocket()) {
            serverSocket.bind(new InetSocketAddress("127.0.0.1", port));
            while (true) {
                try (Socket conn = serverSocket.accept()) {
                    serve(new DataInputStream(conn.getInputStream()), new DataOutputStream(conn.getOutputStream()), folder, users);
                } catch (IOException | RuntimeException e) {
                    System.out.println("closing: " + e.getMessage());
                }
            }
        }
    }

    static void serve(DataInputStream in, DataOutputStream out, Path data, Map<String, String> users) throws IOException {
        String user = null;
        while (true) {
            Map<String, Object> message = readMessage(in);
            if (message == null) {
                return;
            }
            Object type = message.get("type");
            if ("register".equals(type)) { // stage 1
                if (users.containsKey(message.get("user"))) {
                    error(out, "the name is taken");
                } else {
                    users.put(String.valueOf(message.get("user")), String.valueOf(message.get("password")));
                    send(out, json("type", "ok", "message", "registered"));
                }
            } else if ("login".equals(type)) {
                if (users.containsKey(message.get("user")) && users.get(message.get("user")).equals(message.get("password"))) {
                    user = String.valueOf(message.get("user"));
                    send(out, json("type", "ok", "message", "welcome " + user));
                } else {
                    error(out, "wrong user name or password");
                }
            } else if (user == null) {
                error(out, "log in first");
            } else {
                Path folder = Files.createDirectories(data.resolve("files").resolve(user));
                if ("upload".equals(type)) {
                    if (!upload(in, out, folder, message)) {
                        return;
                    }
                } else if ("download".equals(type)) {
                    // TODO stage 4: refuse a badName or a missing file with an error; else send
                    //               {"type":"file","name","size"}, the file's bytes, {"type":"end","sha256"}
                    error(out, "download is not written yet");
                } else if ("list".equals(type)) {
                    // TODO stage 3: send {"type":"files","files":[{"name","size"}, ...],"more":false}: the stored files,
                    //               not the partial ones (their names start with a dot); build the array by hand
                    error(out, "list is not written yet");
                } else {
                    error(out, "unknown type: " + type);
                }
            }
        }
    }

    /** {"type":"upload","name","size"}: ready, the body, the end. Returns false when the connection must close. */
    static boolean upload(DataInputStream in, DataOutputStream out, Path folder, Map<String, Object> message) throws IOException {
        Object name = message.get("name");
        Object size = message.get("size");
        String problem = badName(name);
        if (problem != null || !(size instanceof Long) || (Long) size < 0) {
            error(out, problem != null ? problem : "upload needs a size of 0 or more");
            return true;
        }
        long announced = (Long) size;
        Path part = folder.resolve("." + name + "." + announced + ".part"); // the body goes here, never under its name
        // TODO stage 10: if the partial exists (a cut upload), answer its size as the offset, hash its
        //                bytes first, and append to it (StandardOpenOption.APPEND) instead of starting again
        long offset = 0;
        send(out, json("type", "ready", "offset", offset));
        MessageDigest sha256 = sha256();
        try (OutputStream file = Files.newOutputStream(part)) {
            long left = announced - offset;
            // TODO stage 2: while left > 0: n = in.read(buffer, 0, (int) Math.min(buffer.length, left)), never more than
            //               left (the end message is right behind the body); write and hash the n bytes, left -= n
            // TODO stage 10: a read that returns -1 means the client is gone: keep the partial, return false
        }
        Map<String, Object> end;
        try {
            end = readMessage(in);
        } catch (IOException notAFrame) {
            // TODO stage 9: a body shorter than announced makes the end message's first bytes part of the body,
            //               and what follows is no frame: answer an error, delete the partial, return false
            throw notAFrame;
        }
        if (end == null) {
            return false;
        }
        String hex = HexFormat.of().formatHex(sha256.digest());
        // TODO stage 8: if end.get("sha256") is not hex: delete the partial, answer an error, return true
        Files.move(part, folder.resolve(String.valueOf(name)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        send(out, json("type", "stored", "name", name, "size", announced, "sha256", hex));
        return true;
    }

    /** Why a file name is refused, or null for a plain name. */
    static String badName(Object name) {
        if (!(name instanceof String text) || text.isEmpty()) {
            return "a file name is needed";
        }
        // TODO stages 6 and 7: refuse a name with '/', '\\' or ':', one starting with a dot ("..", too) and control
        //                      characters: folder.resolve("/tmp/x") is /tmp/x
        return null;
    }

    /** The next message, or null at the end of the stream between messages. */
    static Map<String, Object> readMessage(DataInputStream in) throws IOException {
        int n;
        try {
            n = in.readInt(); // exactly 4 bytes, big-endian: it loops over short reads for you (stage 5)
        } catch (EOFException end) {
            return null;
        }
        if (n < 0 || n > MAX_MESSAGE) {
            throw new IOException("frame length " + n + " is not 0 to " + MAX_MESSAGE);
        }
        byte[] body = new byte[n];
        in.readFully(body);
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    static void send(DataOutputStream out, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    static void error(DataOutputStream out, String message) throws IOException {
        send(out, json("type", "error", "message", message));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code json("type", "ok", "size", 12L)} is {"type":"ok","size":12}: strings are quoted, numbers and booleans are not. */
    static String json(Object... keysAndValues) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.append(i == 0 ? "" : ",").append(quote(String.valueOf(keysAndValues[i]))).append(':');
            Object value = keysAndValues[i + 1];
            json.append(value instanceof Number || value instanceof Boolean ? String.valueOf(value) : quote(String.valueOf(value)));
        }
        return json.append('}').toString();
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < ' ') {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** A flat JSON object: string, whole-number, true/false/null values (this protocol's client messages). */
    static Map<String, Object> parse(String json) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        int[] at = {skip(json, 0, '{')};
        while (json.charAt(at[0]) != '}') {
            String key = string(json, at);
            at[0] = skip(json, at[0], ':');
            char c = json.charAt(at[0]);
            Object value;
            if (c == '"') {
                value = string(json, at);
            } else {
                int end = at[0];
                while (end < json.length() && ",} \t\r\n".indexOf(json.charAt(end)) < 0) {
                    end++;
                }
                String word = json.substring(at[0], end);
                value = word.equals("true") ? Boolean.TRUE : word.equals("false") ? Boolean.FALSE : word.equals("null") ? null : number(word);
                at[0] = end;
            }
            object.put(key, value);
            at[0] = skipSpace(json, at[0]);
            if (json.charAt(at[0]) == ',') {
                at[0] = skipSpace(json, at[0] + 1);
            }
        }
        return object;
    }

    private static Object number(String word) throws IOException {
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new IOException("not a JSON value this server takes: " + word);
        }
    }

    private static String string(String json, int[] at) throws IOException {
        if (json.charAt(at[0]) != '"') {
            throw new IOException("expected a JSON string at " + at[0]);
        }
        StringBuilder text = new StringBuilder();
        int i = at[0] + 1;
        for (char c = json.charAt(i); c != '"'; c = json.charAt(++i)) {
            if (c == '\\') {
                char e = json.charAt(++i);
                if (e == 'u') {
                    text.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                } else {
                    text.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; case 'r' -> '\r'; case 'b' -> '\b'; case 'f' -> '\f'; default -> e; });
                }
            } else {
                text.append(c);
            }
        }
        at[0] = skipSpace(json, i + 1);
        return text.toString();
    }

    private static int skip(String json, int at, char expected) throws IOException {
        at = skipSpace(json, at);
        if (at >= json.length() || json.charAt(at) != expected) {
            throw new IOException("expected '" + expected + "' in " + json);
        }
        return skipSpace(json, at + 1);
    }

    private static int skipSpace(String json, int at) {
        while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
            at++;
        }
        return at;
    }
}
