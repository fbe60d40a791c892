package socketlessons.homework.upload.check;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import socketlessons.basics.PeerText;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;
import socketlessons.basics.check.StageFailure;

/**
 * §10.2 item 4's exercise, the file upload, checked from outside in the module's protocol
 * (homework/upload's README, "The protocol"): every message a JSON object in a frame of a
 * 4-byte big-endian length, a file's body raw between {@code ready} and {@code end}. The server
 * stages go in the order a student builds the server: log in, store a small file, list it,
 * download it, a large file in pieces, names that try to leave the folder, a wrong hash, a
 * short body, a resume. What the server stored is looked at only through the protocol (the
 * {@code stored} answer's SHA-256, {@code list}, {@code download}, the resume offset) and, for
 * an absolute name, in a folder of the checker's own. The client stages play the server for a
 * client uploading the file given with {@code --file}.
 */
public final class UploadStages {

    /** The user the checker registers (a taken name is fine) and logs in as. */
    public static final String USER = "checker";
    public static final String PASSWORD = "checker-password";

    private static final String PROTOCOL = "see homework/upload's README, \"The protocol\"";
    private static final String PARTS = "see homework/upload's README, \"What each part is for\"";
    private static final int MAX_MESSAGE = 64 * 1024;
    private static final int PIECE = 64 * 1024;
    /** Between the pieces of a message sent in pieces: each piece arrives on its own. */
    private static final long PIECE_PAUSE_MILLIS = 50;

    static final String SMALL_NAME = "hello.txt";
    static final byte[] SMALL = "hello, file\n".getBytes(StandardCharsets.UTF_8);
    static final String LARGE_NAME = "large.bin";
    static final int LARGE_SIZE = 4 * 1024 * 1024 + 1000;
    static final String ESCAPE_NAME = "upload-check-escape.txt";
    static final String REPLACED_NAME = "replaced.txt";
    static final byte[] FIRST_VERSION = "the first version\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] SECOND_VERSION = "the second version, damaged on the way\n".getBytes(StandardCharsets.UTF_8);
    static final String SHORT_NAME = "short.txt";
    static final int SHORT_SIZE = 100;
    static final int SHORT_SENT = 90;
    static final String RESUME_NAME = "resume.bin";
    static final int RESUME_SIZE = 3 * 1024 * 1024 + 7;
    static final int CUT_AT = 1_234_567;

    private final Path file; // the client stages' file (check client --file FILE), or null

    private UploadStages(Path file) {
        this.file = file;
    }

    /** The stages; {@code file} is the file the student's client uploads (null when not given: the client stages then say so). */
    public static List<Stage> all(Path file) {
        UploadStages check = new UploadStages(file);
        return List.of(
                Stage.server("logs in", "register " + USER + " (an error such as \"taken\" is fine), then log in: {\"type\":\"ok\"}",
                        "§10.2: read a frame (exactly 4 bytes, struct.unpack('!i'): big-endian, not the classroom's struct.pack('i'); then exactly"
                                + " n bytes), json.loads it, answer register and login"
                                + " with a frame holding {\"type\":\"ok\",\"message\":...}; " + PROTOCOL,
                        session -> check.loggedIn(session)),
                Stage.server("stores a small file", "upload " + SMALL_NAME + " (12 bytes; the body and the end message in one write):"
                                + " ready, then stored with the size and the SHA-256 of the 12 bytes",
                        "§10.2: answer {\"type\":\"ready\",\"offset\":0}, read exactly size - offset bytes (ask each recv for at most what is"
                                + " left: the end message is right behind the body), then the end message, then answer stored; " + PROTOCOL,
                        session -> check.store(check.loggedIn(session), SMALL_NAME, SMALL)),
                Stage.server("lists it", "after storing " + SMALL_NAME + ", list shows it with its size (pages until \"more\" is false)",
                        "§10.2: list answers {\"type\":\"files\",\"files\":[{\"name\",\"size\"}, ...],\"more\":false} with the user's stored"
                                + " files (not the partial ones); " + PROTOCOL,
                        session -> {
                            Wire wire = check.loggedIn(session);
                            check.store(wire, SMALL_NAME, SMALL);
                            check.expectListed(wire, SMALL_NAME, SMALL.length);
                        }),
                Stage.server("downloads it", "after storing " + SMALL_NAME + ", download gives back the same 12 bytes and their SHA-256",
                        "§10.2: download answers {\"type\":\"file\",\"name\",\"size\"}, then size raw bytes, then {\"type\":\"end\",\"sha256\"}; "
                                + PROTOCOL,
                        session -> {
                            Wire wire = check.loggedIn(session);
                            check.store(wire, SMALL_NAME, SMALL);
                            check.expectDownload(wire, SMALL_NAME, SMALL);
                        }),
                Stage.server("a large file in pieces", "upload " + LARGE_NAME + " (" + LARGE_SIZE + " bytes) with its upload message sent a"
                                + " byte at a time and its body in 64 KiB writes, then download it back whole",
                        "one recv returns what has arrived, as little as 1 byte: read a frame's 4 bytes and its n bytes, and the body, in a"
                                + " loop until you have them all, and write the body to the file as it comes (constant memory); " + PARTS,
                        session -> {
                            Wire wire = check.loggedIn(session);
                            byte[] large = numbered(LARGE_SIZE);
                            check.store(wire, LARGE_NAME, large, true);
                            check.expectDownload(wire, LARGE_NAME, large);
                        }),
                Stage.server("refuses ../", "upload ../" + ESCAPE_NAME + " is answered with an error, before any byte, and the"
                                + " conversation goes on (list answers)",
                        "§10.2: never os.path.join(folder, name) with the client's name as it comes: refuse a name with / or \\, '.' and"
                                + " '..', a leading dot; answer {\"type\":\"error\",\"message\"} and read the next message; " + PARTS + " (Bad input)",
                        session -> check.expectNameRefused(check.loggedIn(session), "../" + ESCAPE_NAME, "../" + ESCAPE_NAME, null)),
                Stage.server("refuses an absolute path", "upload of an absolute name (a file in a temporary folder of the checker's) is"
                                + " answered with an error, and nothing is written in that folder",
                        "§10.2: os.path.join(folder, '/tmp/x') is '/tmp/x' (Java's resolve too): an absolute name leaves any folder,"
                                + " refuse a name with / or \\ or ':'; " + PARTS + " (Bad input)",
                        session -> {
                            Path outside = Files.createTempDirectory("upload-check");
                            try {
                                Path target = outside.resolve(ESCAPE_NAME).toAbsolutePath();
                                check.expectNameRefused(check.loggedIn(session), target.toString(),
                                        "an absolute name (a file " + ESCAPE_NAME + " in a temporary folder)", outside);
                            } finally {
                                deleteFolder(outside);
                            }
                        }),
                Stage.server("refuses a wrong hash", "store " + REPLACED_NAME + ", upload it again with a SHA-256 that is not its body's:"
                                + " an error, and download still gives the first version whole",
                        "§10.2: write the body to a temporary name (.NAME.SIZE.part), hash it as it comes, and rename it to NAME only when"
                                + " the hash matches; on a mismatch answer an error and delete the partial; " + PARTS,
                        session -> check.refusesWrongHash(session)),
                Stage.server("refuses a short body", "upload " + SHORT_NAME + " announcing " + SHORT_SIZE + " bytes, send " + SHORT_SENT
                                + " and the end message: an error; a new upload of it then starts at offset 0 and is stored",
                        "§10.2: the bytes after a short body are the end message's: what follows them is no frame (a length far above"
                                + " 64 KiB): answer an error, delete the partial (it holds those bytes) and close; " + PARTS + " (Bad input)",
                        session -> check.refusesShortBody(session)),
                Stage.server("resumes a cut upload", "upload " + RESUME_NAME + " (" + RESUME_SIZE + " bytes), hang up after " + CUT_AT
                                + ", upload it again: ready with the offset the server holds (1 to " + CUT_AT + "), the rest, then stored",
                        "§10.2 断点续传: keep the partial file of a cut upload; the next upload of the same name and size answers ready with"
                                + " its length as the offset, and hashes those bytes first so the SHA-256 covers the whole file; " + PARTS
                                + " (断点续传, resume)",
                        session -> check.resumes(session)),
                Stage.client("logs in", "your client sends login (register first if you like); the checker answers ok to both",
                        "§10.2: each message is struct.pack('!i', len(data)) + data, data = json.dumps({\"type\":\"login\",\"user\",...})"
                                + ".encode(); the checker types " + PASSWORD + " at your client's input, for a client that asks; " + PROTOCOL,
                        session -> check.clientLogsIn(session)),
                Stage.client("announces the file", "after the login, your client sends {\"type\":\"upload\",\"name\",\"size\"} with the"
                                + " name and size of --file FILE",
                        "§10.2: name = os.path.basename(path), size = os.path.getsize(path); give check the file your client uploads:"
                                + " check client --file FILE -- COMMAND; " + PROTOCOL,
                        session -> check.clientAnnounces(session)),
                Stage.client("sends the body and its hash", "told ready at offset 0, your client sends the whole file, then"
                                + " {\"type\":\"end\",\"sha256\"} with the SHA-256 of the file; after stored it hangs up",
                        "§10.2: read the file in pieces (f.read(65536)), sendall each, hash each (hashlib.sha256().update), then send the"
                                + " end message with hexdigest(); " + PROTOCOL,
                        session -> check.clientUploads(session, 0)),
                Stage.client("resumes from the offset", "told ready at offset half the file's size, your client sends only the bytes from"
                                + " there on, then the SHA-256 of the whole file",
                        "§10.2 断点续传: hash the first offset bytes without sending them, f.seek(offset), then send the rest; the SHA-256"
                                + " covers the whole file; " + PARTS + " (断点续传, resume)",
                        session -> check.clientUploads(session, -1)));
    }

    // ---- server stages ------------------------------------------------------------------

    /** Connects, registers (an error is fine: the name may be taken), logs in. */
    private Wire loggedIn(Session session) throws Exception {
        Wire wire = new Wire(session, session.connect());
        wire.send(Messages.of("register").put("user", USER).put("password", PASSWORD));
        ObjectNode registered = wire.read("{\"type\":\"ok\"} or {\"type\":\"error\"} to the register message");
        String type = registered.path("type").asText();
        if (!type.equals("ok") && !type.equals("error")) {
            throw new StageFailure("{\"type\":\"ok\"} or {\"type\":\"error\"} to the register message", show(registered));
        }
        wire.send(Messages.of("login").put("user", USER).put("password", PASSWORD));
        ObjectNode login = wire.read("{\"type\":\"ok\"} to the login of " + USER);
        if (!"ok".equals(login.path("type").asText())) {
            throw new StageFailure("{\"type\":\"ok\"} to the login of " + USER + " with the password " + PASSWORD, show(login),
                    "the checker registers " + USER + " with the password " + PASSWORD + ", then logs in: if your server had the name"
                            + " with another password, remove the user; " + PROTOCOL);
        }
        return wire;
    }

    private void store(Wire wire, String name, byte[] body) throws Exception {
        store(wire, name, body, false);
    }

    /**
     * Uploads {@code body} as {@code name} and expects it stored. An offset above 0 (a partial an
     * earlier run left) is honoured as a client would. {@code inPieces}: the upload message a byte
     * at a time, the body in 64 KiB writes; else the body and the end message go in one write.
     */
    private void store(Wire wire, String name, byte[] body, boolean inPieces) throws Exception {
        ObjectNode upload = Messages.of("upload").put("name", name).put("size", body.length);
        if (inPieces) {
            wire.sendInPieces(upload);
        } else {
            wire.send(upload);
        }
        long offset = expectReady(wire, name, body.length);
        byte[] end = Messages.frame(Messages.of("end").put("sha256", sha256(body)));
        if (inPieces) {
            for (int at = (int) offset; at < body.length; at += PIECE) {
                wire.sendRaw(Arrays.copyOfRange(body, at, Math.min(body.length, at + PIECE)));
            }
            wire.sendRaw(end);
        } else {
            wire.sendRaw(concat(Arrays.copyOfRange(body, (int) offset, body.length), end));
        }
        expectStored(wire, name, body);
    }

    /** Reads {@code ready}; returns its offset, which must be 0 to the size. */
    private static long expectReady(Wire wire, String name, long size) throws Exception {
        String wanted = "{\"type\":\"ready\",\"offset\":0} to the upload of " + name + " (" + size + " bytes)";
        ObjectNode ready = wire.expect("ready", wanted);
        JsonNode offset = ready.get("offset");
        if (offset == null || !offset.canConvertToLong() || !offset.isIntegralNumber() || offset.asLong() < 0 || offset.asLong() > size) {
            throw new StageFailure(wanted + ", an offset from 0 to the size", show(ready));
        }
        return offset.asLong();
    }

    private static void expectStored(Wire wire, String name, byte[] body) throws Exception {
        String wanted = "{\"type\":\"stored\",\"name\":\"" + name + "\",\"size\":" + body.length + ",\"sha256\":\"" + sha256(body) + "\"}";
        ObjectNode stored = wire.expect("stored", wanted);
        if (!name.equals(stored.path("name").asText()) || stored.path("size").asLong(-1) != body.length
                || !sha256(body).equalsIgnoreCase(stored.path("sha256").asText())) {
            throw new StageFailure(wanted, show(stored));
        }
    }

    private void expectListed(Wire wire, String name, long size) throws Exception {
        wire.send(Messages.of("list"));
        List<String> listed = new ArrayList<>();
        boolean found = false;
        String wanted = "{\"type\":\"files\"} listing {\"name\":\"" + name + "\",\"size\":" + size + "}";
        while (true) {
            ObjectNode page = wire.expect("files", wanted);
            JsonNode files = page.get("files");
            if (files == null || !files.isArray()) {
                throw new StageFailure(wanted + " in an array \"files\"", show(page));
            }
            for (JsonNode entry : files) {
                listed.add(entry.toString());
                found |= name.equals(entry.path("name").asText()) && entry.path("size").asLong(-1) == size;
            }
            if (!page.path("more").asBoolean(false)) {
                break;
            }
        }
        if (!found) {
            throw new StageFailure(wanted, listed.isEmpty() ? "no files" : PeerText.quote(String.join(", ", listed)));
        }
    }

    private void expectDownload(Wire wire, String name, byte[] body) throws Exception {
        wire.send(Messages.of("download").put("name", name));
        String wanted = "{\"type\":\"file\",\"name\":\"" + name + "\",\"size\":" + body.length + "}";
        ObjectNode header = wire.expect("file", wanted);
        if (header.path("size").asLong(-1) != body.length) {
            throw new StageFailure(wanted, show(header));
        }
        byte[] got = wire.session.read(wire.socket, body.length, "the " + body.length + " bytes of " + name);
        int differs = Arrays.mismatch(got, body);
        if (differs >= 0) {
            throw new StageFailure("the " + body.length + " bytes uploaded", "bytes that differ from byte " + differs + " on");
        }
        String end = "{\"type\":\"end\",\"sha256\":\"" + sha256(body) + "\"} after the body";
        ObjectNode hash = wire.expect("end", end);
        if (!sha256(body).equalsIgnoreCase(hash.path("sha256").asText())) {
            throw new StageFailure(end, show(hash));
        }
    }

    /** The name must be refused before any byte; {@code outside} (or null) must stay empty; then list must answer. */
    private void expectNameRefused(Wire wire, String name, String shown, Path outside) throws Exception {
        wire.send(Messages.of("upload").put("name", name).put("size", 5));
        String wanted = "{\"type\":\"error\",\"message\":...} refusing " + shown + ", before any byte";
        ObjectNode answer = wire.read(wanted);
        if (!"error".equals(answer.path("type").asText())) {
            throw new StageFailure(wanted, show(answer));
        }
        if (outside != null) {
            try (Stream<Path> written = Files.list(outside)) {
                List<Path> files = written.toList();
                if (!files.isEmpty()) {
                    throw new StageFailure("nothing written outside your server's folder", "a file " + files.get(0).getFileName()
                            + " in the checker's temporary folder");
                }
            }
        }
        wire.send(Messages.of("list"));
        wire.expect("files", "{\"type\":\"files\",...} to a list after the refusal (the conversation goes on)");
    }

    private void refusesWrongHash(Session session) throws Exception {
        Wire wire = loggedIn(session);
        store(wire, REPLACED_NAME, FIRST_VERSION);
        wire.send(Messages.of("upload").put("name", REPLACED_NAME).put("size", SECOND_VERSION.length));
        long offset = expectReady(wire, REPLACED_NAME, SECOND_VERSION.length);
        byte[] wrong = Messages.frame(Messages.of("end").put("sha256", sha256(FIRST_VERSION)));
        wire.sendRaw(concat(Arrays.copyOfRange(SECOND_VERSION, (int) offset, SECOND_VERSION.length), wrong));
        String wanted = "{\"type\":\"error\",\"message\":...}: the end message's SHA-256 is not the body's";
        ObjectNode answer = wire.read(wanted);
        if (!"error".equals(answer.path("type").asText())) {
            throw new StageFailure(wanted, show(answer));
        }
        expectDownload(wire, REPLACED_NAME, FIRST_VERSION);
    }

    private void refusesShortBody(Session session) throws Exception {
        Wire wire = loggedIn(session);
        byte[] body = numbered(SHORT_SIZE);
        wire.send(Messages.of("upload").put("name", SHORT_NAME).put("size", SHORT_SIZE));
        long offset = expectReady(wire, SHORT_NAME, SHORT_SIZE);
        byte[] end = Messages.frame(Messages.of("end").put("sha256", sha256(body)));
        wire.sendRaw(concat(Arrays.copyOfRange(body, (int) Math.min(offset, SHORT_SENT), SHORT_SENT), end));
        String wanted = "{\"type\":\"error\",\"message\":...}: " + (SHORT_SIZE - SHORT_SENT) + " bytes short, the end message"
                + " taken for the body's last bytes";
        ObjectNode answer = wire.read(wanted);
        if (!"error".equals(answer.path("type").asText())) {
            throw new StageFailure(wanted, show(answer));
        }
        Wire again = loggedIn(session);
        again.send(Messages.of("upload").put("name", SHORT_NAME).put("size", SHORT_SIZE));
        long restart = expectReady(again, SHORT_NAME, SHORT_SIZE);
        if (restart != 0) {
            throw new StageFailure("{\"type\":\"ready\",\"offset\":0}: the partial of the refused upload deleted",
                    "offset " + restart + " (a partial holding the end message's bytes was kept)");
        }
        again.sendRaw(concat(body, end));
        expectStored(again, SHORT_NAME, body);
    }

    private void resumes(Session session) throws Exception {
        byte[] body = numbered(RESUME_SIZE);
        byte[] end = Messages.frame(Messages.of("end").put("sha256", sha256(body)));
        Wire first = loggedIn(session);
        long offset = 0;
        for (int attempt = 0; attempt < 2; attempt++) { // a partial an earlier run left: finish it, then start again
            first.send(Messages.of("upload").put("name", RESUME_NAME).put("size", RESUME_SIZE));
            offset = expectReady(first, RESUME_NAME, RESUME_SIZE);
            if (offset == 0) {
                break;
            }
            first.sendRaw(concat(Arrays.copyOfRange(body, (int) offset, body.length), end));
            first.read("an answer to the end of a partial an earlier run left");
        }
        if (offset != 0) {
            throw new StageFailure("{\"type\":\"ready\",\"offset\":0} after " + RESUME_NAME + " was stored", "offset " + offset);
        }
        for (int at = 0; at < CUT_AT; at += PIECE) {
            first.sendRaw(Arrays.copyOfRange(body, at, Math.min(CUT_AT, at + PIECE)));
        }
        first.socket.close(); // the cut: the server has every byte sent so far, then the end of the stream

        Wire second = loggedIn(session);
        String wanted = "{\"type\":\"ready\",\"offset\":N} with N from 1 to " + CUT_AT + " (the bytes your server holds of the cut upload)";
        long deadline = System.nanoTime() + session.timeout().toNanos();
        ObjectNode ready;
        while (true) { // the server may not have seen the cut yet: a refusal ("being uploaded") is asked again
            second.send(Messages.of("upload").put("name", RESUME_NAME).put("size", RESUME_SIZE));
            ready = second.read(wanted);
            if (!"error".equals(ready.path("type").asText()) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(PIECE_PAUSE_MILLIS);
        }
        long resumeAt = ready.path("offset").asLong(-1);
        if (!"ready".equals(ready.path("type").asText()) || !ready.path("offset").isIntegralNumber() || resumeAt < 1 || resumeAt > CUT_AT) {
            throw new StageFailure(wanted, show(ready));
        }
        for (long at = resumeAt; at < body.length; at += PIECE) {
            second.sendRaw(Arrays.copyOfRange(body, (int) at, (int) Math.min(body.length, at + PIECE)));
        }
        second.sendRaw(end);
        expectStored(second, RESUME_NAME, body);
    }

    // ---- client stages ------------------------------------------------------------------

    private Wire clientLogsIn(Session session) throws Exception {
        try {
            session.type(PASSWORD); // for a client that asks for its password (ours reads it as the first line of input)
        } catch (IOException gone) {
            // a client that has already ended: accept() says so
        }
        Wire wire = new Wire(session, session.accept());
        String wanted = "{\"type\":\"login\",\"user\",\"password\"} (or register first)";
        while (true) {
            ObjectNode message = wire.read(wanted);
            String type = message.path("type").asText();
            if (!type.equals("login") && !type.equals("register") || !message.path("user").isTextual()) {
                throw new StageFailure(wanted, show(message));
            }
            String user = message.path("user").asText();
            wire.send(Messages.of("ok").put("message", type.equals("login") ? "welcome " + user : "registered " + user));
            if (type.equals("login")) {
                return wire;
            }
        }
    }

    private Wire clientAnnounces(Session session) throws Exception {
        Path source = clientFile();
        Wire wire = clientLogsIn(session);
        String name = source.getFileName().toString();
        long size = Files.size(source);
        String wanted = "{\"type\":\"upload\",\"name\":\"" + name + "\",\"size\":" + size + "} (the file given with --file)";
        ObjectNode upload = wire.expect("upload", wanted);
        if (!name.equals(upload.path("name").asText()) || upload.path("size").asLong(-1) != size) {
            throw new StageFailure(wanted, show(upload));
        }
        return wire;
    }

    /** Answers ready at {@code offset} (-1: half the size) and checks the bytes from there on and the whole file's hash. */
    private void clientUploads(Session session, long offset) throws Exception {
        Wire wire = clientAnnounces(session);
        Path source = clientFile();
        long size = Files.size(source);
        long from = offset >= 0 ? offset : size / 2;
        wire.send(Messages.of("ready").put("offset", from));
        MessageDigest whole = digest();
        try (InputStream in = Files.newInputStream(source)) {
            byte[] mine = new byte[PIECE];
            long at = 0;
            while (at < size) {
                int n = in.readNBytes(mine, 0, (int) Math.min(PIECE, size - at));
                if (n <= 0) {
                    throw new IOException(source + " shrank while the checker read it");
                }
                whole.update(mine, 0, n);
                if (at + n > from) {
                    int skip = (int) Math.max(0, from - at);
                    String what = "the bytes " + from + " to " + size + " of " + source.getFileName() + " (" + (size - from) + " bytes)";
                    byte[] got = wire.session.read(wire.socket, n - skip, what);
                    int differs = Arrays.mismatch(got, 0, got.length, mine, skip, n);
                    if (differs >= 0) {
                        throw new StageFailure(what, "bytes that differ from the file at byte " + (at + skip + differs)
                                + (from > 0 ? " (did your client start again at 0, or seek to the offset?)" : ""));
                    }
                }
                at += n;
            }
        }
        String sha256 = HexFormat.of().formatHex(whole.digest());
        String wanted = "{\"type\":\"end\",\"sha256\":\"" + sha256 + "\"} (the SHA-256 of the whole file)";
        ObjectNode end = wire.expect("end", wanted);
        if (!sha256.equalsIgnoreCase(end.path("sha256").asText())) {
            throw new StageFailure(wanted, show(end));
        }
        wire.send(Messages.of("stored").put("name", source.getFileName().toString()).put("size", size).put("sha256", sha256));
        session.expectEnd(wire.socket, "your client to hang up after stored");
    }

    private Path clientFile() throws StageFailure {
        if (file == null || !Files.isRegularFile(file)) {
            throw new StageFailure("the file your client uploads", file == null ? "no --file" : "no file " + file,
                    "give check the file your client uploads, the same as in COMMAND: check client --file FILE -- python3 upload_client.py FILE");
        }
        return file;
    }

    // ---- the wire -----------------------------------------------------------------------

    /** One connection: frames of JSON out and in, through the session (so every wait ends at the timeout). */
    private static final class Wire {
        final Session session;
        final Socket socket;

        Wire(Session session, Socket socket) {
            this.session = session;
            this.socket = socket;
        }

        void send(ObjectNode message) throws Exception {
            sendRaw(Messages.frame(message));
        }

        void sendRaw(byte[] bytes) throws Exception {
            session.send(socket, bytes);
        }

        /** The frame a byte at a time for its first four bytes, then the rest, each piece on its own. */
        void sendInPieces(ObjectNode message) throws Exception {
            byte[] frame = Messages.frame(message);
            socket.setTcpNoDelay(true);
            for (int i = 0; i < frame.length; i = i < 4 ? i + 1 : frame.length) {
                sendRaw(Arrays.copyOfRange(frame, i, i < 4 ? i + 1 : frame.length));
                Thread.sleep(PIECE_PAUSE_MILLIS);
            }
        }

        /** The next message, whatever its type. */
        ObjectNode read(String wanted) throws Exception {
            byte[] header = session.read(socket, 4, wanted);
            int length = ByteBuffer.wrap(header).getInt();
            if (length < 0 || length > MAX_MESSAGE) {
                throw new StageFailure(wanted + " in a frame (4-byte big-endian length, at most 64 KiB)",
                        "a header " + HexFormat.ofDelimiter(" ").formatHex(header) + " (length " + length + ")");
            }
            byte[] json = session.read(socket, length, wanted);
            try {
                if (Messages.JSON.readTree(json) instanceof ObjectNode message) {
                    return message;
                }
            } catch (JacksonException notJson) {
                // below
            }
            throw new StageFailure(wanted + " (a JSON object)", "a frame of " + Session.describe(json));
        }

        /** The next message, which must be of {@code type}. */
        ObjectNode expect(String type, String wanted) throws Exception {
            ObjectNode message = read(wanted);
            if (!type.equals(message.path("type").asText())) {
                throw new StageFailure(wanted, show(message));
            }
            return message;
        }
    }

    /** JSON messages and frames, as homework/upload's {@code Messages} makes them. */
    private static final class Messages {
        static final com.fasterxml.jackson.databind.ObjectMapper JSON = socketlessons.homework.Messages.JSON;

        static ObjectNode of(String type) {
            return JSON.createObjectNode().put("type", type);
        }

        static byte[] frame(ObjectNode message) throws IOException {
            byte[] json = JSON.writeValueAsBytes(message);
            return concat(ByteBuffer.allocate(4).putInt(json.length).array(), json);
        }
    }

    /** A message for a student to read: its JSON, control and invisible characters escaped. */
    private static String show(ObjectNode message) {
        return PeerText.shown(message.toString());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code size} bytes of numbered lines ("0000001\n0000002\n..."): a piece lost or repeated shows where. */
    static byte[] numbered(int size) {
        // The lines of String.format("%07d\n", i), counted up in place: a format call per line took
        // over a second for the 4 MiB stage under the tests' C1-only JIT.
        byte[] bytes = new byte[size];
        byte[] line = "0000001\n".getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at < size; ) {
            System.arraycopy(line, 0, bytes, at, Math.min(line.length, size - at));
            at += line.length;
            int digit = line.length - 2;
            while (digit >= 0 && line[digit] == '9') {
                line[digit--] = '0';
            }
            if (digit >= 0) {
                line[digit]++;
            } else { // past 9999999: one more digit, as %07d prints it
                byte[] longer = new byte[line.length + 1];
                longer[0] = '1';
                System.arraycopy(line, 0, longer, 1, line.length);
                line = longer;
            }
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(folder);
    }
}
