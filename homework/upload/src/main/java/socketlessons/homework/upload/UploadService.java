package socketlessons.homework.upload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;
import socketlessons.auth.Authenticator;
import socketlessons.sticky.FrameException;
import socketlessons.homework.Messages;

/**
 * The upload protocol, server side, apart from the socket: it takes a connection's input and
 * output and answers message after message until the client leaves.
 *
 * <pre>
 * client                                   server
 * {"type":"login","user","password"}   →   {"type":"ok"} | {"type":"error","message"}
 * {"type":"upload","name","size"}      →   {"type":"ready","offset"}  (bytes it holds already)
 * size - offset raw bytes              →
 * {"type":"end","sha256"}              →   {"type":"stored","name","size","sha256"} | error
 * {"type":"download","name"}           →   {"type":"file","name","size"}, size raw bytes, {"type":"end","sha256"}
 * {"type":"list"}                      →   {"type":"files","files":[{"name","size"}, ...]}
 * </pre>
 *
 * A refused request gets an error and the conversation goes on. A broken stream (a bad frame,
 * a body cut short, bytes after the body that are not its end) ends this connection only.
 */
public final class UploadService {

    private final Authenticator authenticator;
    private final UploadStore store;
    private final Consumer<String> log;

    public UploadService(Authenticator authenticator, UploadStore store, Consumer<String> log) {
        this.authenticator = authenticator;
        this.store = store;
        this.log = log;
    }

    /** Serves one connection until the client quits or the stream ends; {@code peer} names it in the log. */
    public void serve(InputStream in, OutputStream out, String peer) throws IOException {
        Messages messages = new Messages(in, out);
        String user = null;
        while (true) {
            ObjectNode request;
            try {
                request = messages.read();
            } catch (Messages.BadMessage e) {
                messages.send(Messages.error(e.getMessage()));
                continue;
            } catch (FrameException e) {
                log.accept(peer + ": closing: " + e.getMessage());
                messages.send(Messages.error(e.getMessage() + "; closing the connection"));
                return;
            }
            if (request == null || "quit".equals(Messages.text(request, "type"))) {
                return;
            }
            String type = String.valueOf(Messages.text(request, "type"));
            if (type.equals("login") || type.equals("register")) {
                if (user != null) {
                    messages.send(Messages.error("logged in already as " + user));
                    continue;
                }
                String name = Messages.text(request, "user");
                String password = Messages.text(request, "password");
                String folderProblem = type.equals("register") ? UploadStore.invalidFolderName(name) : null;
                Authenticator.Result result = folderProblem != null ? new Authenticator.Result(false, folderProblem)
                        : type.equals("register") ? authenticator.register(name, password) : authenticator.login(name, password);
                if (result.ok() && type.equals("login")) {
                    user = name;
                    log.accept(peer + ": " + user + " logged in");
                } else if (!result.ok()) {
                    log.accept(peer + ": " + type + " refused: " + result.message()); // never the password
                }
                messages.send(result.ok() ? Messages.message("ok").put("message", result.message()) : Messages.error(result.message()));
            } else if (user == null) {
                messages.send(Messages.error("log in first"));
            } else {
                switch (type) {
                    case "upload" -> {
                        if (!receive(messages, user, request, peer)) {
                            return;
                        }
                    }
                    case "download" -> send(messages, user, Messages.text(request, "name"));
                    case "list" -> list(messages, user);
                    default -> messages.send(Messages.error("unknown type: " + type));
                }
            }
        }
    }

    /** One upload; false when the connection must close (the client has gone, or the stream is out of step). */
    private boolean receive(Messages messages, String user, ObjectNode request, String peer) throws IOException {
        String name = Messages.text(request, "name");
        long size = Messages.count(request, "size");
        if (size < 0) {
            messages.send(Messages.error("upload needs a \"size\" of 0 or more"));
            return true;
        }
        String who = peer + ": " + user + ": " + Messages.quoted(String.valueOf(name));
        UploadStore.Upload upload;
        try {
            upload = store.begin(user, name, size);
        } catch (UploadStore.Refused e) {
            log.accept(who + " refused: " + e.getMessage());
            messages.send(Messages.error(e.getMessage()));
            return true;
        } catch (IOException e) {
            log.accept(who + " could not start: " + e);
            messages.send(Messages.error("the server could not start this upload: " + e.getMessage()));
            return true;
        }
        try (upload) {
            if (upload.offset() > 0) {
                log.accept(who + " resumes at " + upload.offset() + " of " + size + " bytes");
            }
            messages.send(Messages.message("ready").put("offset", upload.offset()));
            if (!copyBody(messages.body(), upload, who)) {
                return false; // the client closed its end mid-body: nothing more will come
            }

            ObjectNode end;
            try {
                end = messages.read();
            } catch (IOException e) {
                if (isCutOff(e)) {
                    log.accept(who + " cut off after its " + size + " bytes, before their SHA-256; kept for a resume (" + e.getMessage() + ")");
                    throw e; // the body is all there: a resume only needs to send the end
                }
                upload.discard();
                String problem = "after the " + size + " bytes announced came something that is not the end message"
                        + " (more bytes than announced?): " + e.getMessage() + "; the partial file is deleted";
                log.accept(who + ": " + problem);
                messages.send(Messages.error(problem));
                return false;
            }
            if (end == null) {
                log.accept(who + " cut off after its " + size + " bytes, before their SHA-256; kept for a resume (the client closed the connection)");
                return false;
            }
            if (!"end".equals(Messages.text(end, "type"))) {
                upload.discard();
                messages.send(Messages.error("expected {\"type\":\"end\",\"sha256\":...} after the body; the partial file is deleted"));
                return true;
            }
            String sha256 = Messages.text(end, "sha256");
            if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
                messages.send(Messages.error("the end message needs a \"sha256\" of 64 hex digits; the partial file is kept: upload it again to send only the end"));
                return true;
            }
            UploadStore.Committed stored;
            try {
                stored = upload.commit(sha256);
            } catch (IOException e) { // the disk, not the client: say so, keep the partial, stay in step
                log.accept(who + " could not be stored: " + e);
                messages.send(Messages.error("the server could not store the file: " + e.getMessage() + "; the partial file is kept"));
                return true;
            }
            log.accept(who + " stored (" + size + " bytes)");
            messages.send(Messages.message("stored").put("name", stored.name()).put("size", stored.size()).put("sha256", stored.sha256()));
            return true;
        } catch (UploadStore.Refused e) {
            log.accept(who + " refused: " + e.getMessage());
            messages.send(Messages.error(e.getMessage()));
            return true;
        }
    }

    /**
     * Copies the rest of the body into the upload, asking each read for no more than what is
     * left (the classroom's {@code recv(1024)} to the end took the MD5 after it too). Returns
     * false when the stream ended first; a timeout or a reset is thrown on, for the server to log.
     */
    private boolean copyBody(InputStream in, UploadStore.Upload upload, String who) throws IOException, UploadStore.Refused {
        byte[] buffer = new byte[Messages.CHUNK];
        String keptFor = " of " + upload.size() + " bytes, kept for a resume (";
        try {
            while (upload.written() < upload.size()) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, upload.size() - upload.written()));
                if (n == -1) {
                    log.accept(who + " cut off at " + upload.written() + keptFor + "the client closed the connection)");
                    return false;
                }
                upload.write(buffer, 0, n);
            }
            return true;
        } catch (IOException e) {
            log.accept(who + " cut off at " + upload.written() + keptFor + e.getMessage() + ")");
            throw e;
        }
    }

    /**
     * The client went away (silence, a reset, the stream ended inside a frame), as opposed to
     * sending something that is not a message: only then is a partial file worth keeping.
     */
    private static boolean isCutOff(IOException e) {
        return e instanceof java.net.SocketException || e instanceof java.net.SocketTimeoutException
                || e instanceof FrameException frame && frame.isTruncated();
    }

    private void send(Messages messages, String user, String name) throws IOException {
        FileChannel file;
        try {
            file = store.open(user, name);
        } catch (UploadStore.Refused e) {
            messages.send(Messages.error(e.getMessage()));
            return;
        }
        try (file) {
            long size = file.size();
            messages.send(Messages.message("file").put("name", name).put("size", size));
            MessageDigest sha256 = UploadStore.sha256();
            ByteBuffer buffer = ByteBuffer.allocate(Messages.CHUNK);
            OutputStream out = messages.bodyOut();
            long sent = 0;
            while (sent < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - sent));
                int n = file.read(buffer, sent);
                if (n < 0) {
                    throw new IOException(name + " shrank while being sent");
                }
                sha256.update(buffer.array(), 0, n);
                out.write(buffer.array(), 0, n);
                sent += n;
            }
            messages.send(Messages.message("end").put("sha256", HexFormat.of().formatHex(sha256.digest())));
        }
    }

    /** The list in pages of {@link #PAGE} names, {@code "more": true} on all but the last, so no message outgrows its frame. */
    private void list(Messages messages, String user) throws IOException {
        java.util.List<UploadStore.StoredFile> all = store.list(user);
        int from = 0;
        do {
            ObjectNode page = Messages.message("files");
            ArrayNode files = page.putArray("files");
            for (UploadStore.StoredFile file : all.subList(from, Math.min(all.size(), from + PAGE))) {
                files.addObject().put("name", file.name()).put("size", file.size());
            }
            from += PAGE;
            messages.send(page.put("more", from < all.size()));
        } while (from < all.size());
    }

    /** 100 names of at most 200 bytes: well inside a 64 KiB message. */
    static final int PAGE = 100;
}
