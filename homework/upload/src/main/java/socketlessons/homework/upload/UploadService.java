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
import socketlessons.basics.PeerText;
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

    /** What a message leaves behind: the conversation goes on, or this connection must close. */
    enum Next { CONTINUE, CLOSE }

    /** Serves one connection until the client quits or the stream ends; {@code peer} names it in the log. */
    public void serve(InputStream in, OutputStream out, String peer) throws IOException {
        Conversation conversation = new Conversation(new Messages(in, out), peer);
        while (conversation.answerNext() == Next.CONTINUE) {
            // one message after another, until the client leaves or the stream is out of step
        }
    }

    /** One connection: its messages, and who logged in on it. */
    private final class Conversation {
        private final Messages messages;
        private final String peer;
        private String user; // null until a login succeeds

        Conversation(Messages messages, String peer) {
            this.messages = messages;
            this.peer = peer;
        }

        /** Reads one message and answers it. */
        Next answerNext() throws IOException {
            ObjectNode request;
            try {
                request = messages.read();
            } catch (Messages.BadMessage e) { // a whole frame, not a message: the stream is still in step
                return refuse(e.getMessage());
            } catch (FrameException e) {
                log.accept(peer + ": closing: " + e.getMessage());
                messages.send(Messages.error(e.getMessage() + "; closing the connection"));
                return Next.CLOSE;
            }
            if (request == null) {
                return Next.CLOSE;
            }
            String type = String.valueOf(Messages.text(request, "type"));
            if (user == null && !type.equals("login") && !type.equals("register") && !type.equals("quit")) {
                return refuse("log in first");
            }
            return switch (type) {
                case "quit" -> Next.CLOSE;
                case "login" -> login(request);
                case "register" -> register(request);
                case "upload" -> upload(request);
                case "download" -> download(Messages.text(request, "name"));
                case "list" -> list();
                default -> refuse("unknown type: " + type);
            };
        }

        private Next refuse(String problem) throws IOException {
            messages.send(Messages.error(problem));
            return Next.CONTINUE;
        }

        private Next login(ObjectNode request) throws IOException {
            if (user != null) {
                return refuse("logged in already as " + user);
            }
            String name = Messages.text(request, "user");
            Authenticator.Result result = authenticator.login(name, Messages.text(request, "password"));
            if (result.ok()) {
                user = name; // lesson06's rules let only [A-Za-z0-9_.-] through: safe in a log line
                log.accept(peer + ": " + user + " logged in");
            }
            return answer("login", result);
        }

        private Next register(ObjectNode request) throws IOException {
            if (user != null) {
                return refuse("logged in already as " + user);
            }
            String name = Messages.text(request, "user");
            String folderProblem = UploadStore.invalidFolderName(name);
            return answer("register", folderProblem != null ? new Authenticator.Result(false, folderProblem)
                    : authenticator.register(name, Messages.text(request, "password")));
        }

        private Next answer(String type, Authenticator.Result result) throws IOException {
            if (!result.ok()) {
                log.accept(peer + ": " + type + " refused: " + result.message()); // never the password
                return refuse(result.message());
            }
            messages.send(Messages.message("ok").put("message", result.message()));
            return Next.CONTINUE;
        }

        /** {@code upload}: "ready" with the offset, then the body, then its end message. */
        private Next upload(ObjectNode request) throws IOException {
            String name = Messages.text(request, "name");
            long size = Messages.count(request, "size");
            if (size < 0) {
                return refuse("upload needs a \"size\" of 0 or more");
            }
            String who = peer + ": " + user + ": " + PeerText.quote(String.valueOf(name));
            UploadStore.Upload upload;
            try {
                upload = store.begin(user, name, size);
            } catch (UploadStore.Refused e) {
                log.accept(who + " refused: " + e.getMessage());
                return refuse(e.getMessage());
            } catch (IOException e) {
                log.accept(who + " could not start: " + e);
                return refuse("the server could not start this upload: " + e.getMessage());
            }
            try (upload) {
                if (upload.offset() > 0) {
                    log.accept(who + " resumes at " + upload.offset() + " of " + size + " bytes");
                }
                messages.send(Messages.message("ready").put("offset", upload.offset()));
                return receiveBody(upload, who) == Next.CLOSE ? Next.CLOSE : receiveEnd(upload, who);
            } catch (UploadStore.Refused e) {
                log.accept(who + " refused: " + e.getMessage());
                return refuse(e.getMessage());
            }
        }

        /**
         * The rest of the body, asking each read for no more than what is left (the classroom's
         * {@code recv(1024)} to the end took the MD5 after it too). A cut keeps the partial: it is
         * closed before the log says so, so a resume that follows the log line finds the name free.
         */
        private Next receiveBody(UploadStore.Upload upload, String who) throws IOException, UploadStore.Refused {
            String keptFor = " of " + upload.size() + " bytes, kept for a resume (";
            try {
                upload.receive(messages.body());
            } catch (IOException e) { // a timeout or a reset: thrown on, for the server to log too
                upload.close();
                log.accept(who + " cut off at " + upload.written() + keptFor + e.getMessage() + ")");
                throw e;
            }
            if (upload.written() < upload.size()) {
                upload.close();
                log.accept(who + " cut off at " + upload.written() + keptFor + "the client closed the connection)");
                return Next.CLOSE; // nothing more will come
            }
            return Next.CONTINUE;
        }

        /** The message after the body: its SHA-256 stores the file; anything else is out of step. */
        private Next receiveEnd(UploadStore.Upload upload, String who) throws IOException, UploadStore.Refused {
            String keptFor = who + " cut off after its " + upload.size() + " bytes, before their SHA-256; kept for a resume (";
            ObjectNode end;
            try {
                end = messages.read();
            } catch (IOException e) {
                if (isCutOff(e)) { // the body is all there: a resume only needs to send the end
                    upload.close();
                    log.accept(keptFor + e.getMessage() + ")");
                    throw e;
                }
                upload.discard();
                String problem = "after the " + upload.size() + " bytes announced came something that is not the end message"
                        + " (more or fewer bytes than announced?): " + e.getMessage() + "; the partial file is deleted";
                log.accept(who + ": " + problem);
                messages.send(Messages.error(problem));
                return Next.CLOSE;
            }
            if (end == null) {
                upload.close();
                log.accept(keptFor + "the client closed the connection)");
                return Next.CLOSE;
            }
            if (!"end".equals(Messages.text(end, "type"))) {
                upload.discard();
                return refuse("expected {\"type\":\"end\",\"sha256\":...} after the body; the partial file is deleted");
            }
            String sha256 = Messages.text(end, "sha256");
            if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
                return refuse("the end message needs a \"sha256\" of 64 hex digits; the partial file is kept: upload it again to send only the end");
            }
            return store(upload, sha256, who);
        }

        /** Checks the hash, forces the file to disk and puts it under its name. */
        private Next store(UploadStore.Upload upload, String sha256, String who) throws IOException, UploadStore.Refused {
            UploadStore.Committed stored;
            try {
                stored = upload.commit(sha256);
            } catch (IOException e) { // the disk, not the client: say so, keep the partial, stay in step
                log.accept(who + " could not be stored: " + e);
                return refuse("the server could not store the file: " + e.getMessage() + "; the partial file is kept");
            }
            log.accept(who + " stored (" + upload.size() + " bytes)");
            messages.send(Messages.message("stored").put("name", stored.name()).put("size", stored.size()).put("sha256", stored.sha256()));
            return Next.CONTINUE;
        }

        /** {@code download}: "file" with the size, the body, then "end" with its SHA-256. */
        private Next download(String name) throws IOException {
            FileChannel file;
            try {
                file = store.open(user, name);
            } catch (UploadStore.Refused e) {
                return refuse(e.getMessage());
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
            return Next.CONTINUE;
        }

        /** The list in pages of {@link #PAGE} names, {@code "more": true} on all but the last, so no message outgrows its frame. */
        private Next list() throws IOException {
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
            return Next.CONTINUE;
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

    /** 100 names of at most 200 bytes: well inside a 64 KiB message. */
    static final int PAGE = 100;
}
