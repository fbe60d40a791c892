package socketlessons.homework.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Option;
import socketlessons.basics.PeerText;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.homework.Messages;
import socketlessons.homework.UserName;

/**
 * The client of {@code upload-server}: log in, then upload, download and list. A body is
 * streamed in chunks from and to disk, so a file far larger than memory goes through in a
 * few hundred KiB of heap; the SHA-256 is computed as the bytes go.
 */
public final class UploadClient implements AutoCloseable {

    /** What the server answered when it refused: its words. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(printable(message));
        }
    }

    /** A finished transfer: the name, the size, the SHA-256 both ends agree on, and where it began. */
    public record Transfer(String name, long size, String sha256, long resumedAt) {
    }

    /**
     * The launcher's client options (a picocli mixin), and what each client command does with them:
     * connect, then ask for the password, log in, transfer and print, with a Ctrl+C hook meanwhile.
     */
    public static final class Options {
        @Option(names = "--user", defaultValue = "${sys:user.name}", converter = UserName.Converter.class, paramLabel = "NAME",
                description = "your user name, lower-cased; letters, digits, _ . - (default: your login name, ${DEFAULT-VALUE})")
        String user; // the chat's rule exactly (UserName): a name with a space is a usage error, before any connection

        @Option(names = "--register", description = "register this user first")
        boolean register;

        @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
                description = "${COMPLETION-CANDIDATES}: a bar redrawn in place, a line at each tenth, nothing, or a bar when"
                        + " standard output is a terminal and lines otherwise (default: ${DEFAULT-VALUE})")
        Progress.Mode progress;

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "seconds to wait for the server (default: ${DEFAULT-VALUE})")
        double timeout;

        /** What a command does once logged in. */
        private interface Action {
            void run(UploadClient client, Progress progress) throws Exception;
        }

        /** {@code seconds} as a Duration; 0 or less (or not a number) is a usage error (exit 2). */
        static Duration seconds(double seconds, String option) {
            if (!(seconds > 0)) {
                throw new Cli.UsageError(option + " must be more than 0 seconds, not " + seconds);
            }
            return Duration.ofMillis((long) Math.ceil(seconds * 1000));
        }

        /** {@code upload}: FILE (checked before connecting) under {@code name}, or its own name when null; a cut-off upload resumes. */
        public int upload(InetSocketAddress server, Console console, Path file, String name) throws Exception {
            Duration wait = seconds(timeout, "--timeout");
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (Files.isDirectory(file)) {
                throw new FileSystemException(file.toString(), null, "Is a directory");
            }
            return session(server, wait, console, "interrupted: the server keeps what it received; run the same command again to resume from there",
                    (client, progress) -> {
                        Transfer stored = client.upload(file, name != null ? name : file.getFileName().toString(), progress);
                        console.out.println("stored " + stored.name() + ": " + stored.size() + " bytes"
                                + (stored.resumedAt() > 0 ? " (resumed at " + stored.resumedAt() + ")" : "") + ", sha256 " + stored.sha256());
                    });
        }

        /** {@code download}: the file {@code name} into {@code folder}. */
        public int download(InetSocketAddress server, Console console, String name, Path folder) throws Exception {
            return session(server, seconds(timeout, "--timeout"), console, "interrupted: nothing was kept (downloads do not resume); run the same command again",
                    (client, progress) -> {
                        Transfer got = client.download(name, folder, progress);
                        console.out.println("downloaded " + folder.resolve(got.name()) + ": " + got.size() + " bytes, sha256 " + got.sha256());
                    });
        }

        /** {@code list}: the user's files, a size and a name a line, then how many. */
        public int list(InetSocketAddress server, Console console) throws Exception {
            return session(server, seconds(timeout, "--timeout"), console, "interrupted", (client, progress) -> {
                List<UploadStore.StoredFile> files = client.list();
                for (UploadStore.StoredFile file : files) {
                    // A name that is not a plain one (only a server that breaks the rules sends it) is printed quoted, escapes visible.
                    String name = UploadStore.invalidName(file.name()) == null ? file.name() : PeerText.quote(file.name());
                    console.out.printf("%14d  %s%n", file.size(), name);
                }
                console.out.println(files.size() + (files.size() == 1 ? " file" : " files"));
            });
        }

        /** Connects first (nobody types a password for a server that is not there), then asks for the password, logs in and acts. */
        private int session(InetSocketAddress server, Duration wait, Console console, String whenInterrupted, Action action) throws Exception {
            try (UploadClient client = new UploadClient(server, wait)) {
                String password = console.readPassword("password for " + user + ": ");
                if (password == null) {
                    console.err.println("error: no password: type it, or give it as the first line of input");
                    return 1;
                }
                console.out.println(client.login(user, password, register));
                Progress shown = progress.on(console.out, console.outIsTerminal());
                Thread interrupted = new Thread(() -> {
                    if (shown.stop()) { // Ctrl+C in the middle of a transfer: end the bar's line, say what to do
                        console.err.println(whenInterrupted);
                    }
                }, "Ctrl+C");
                Runtime.getRuntime().addShutdownHook(interrupted);
                try {
                    action.run(client, shown);
                    return 0;
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(interrupted);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running or has run: it said what there was to say
                    }
                }
            }
        }
    }

    private final Socket socket;
    private final Messages messages;

    /** Connects, waiting at most {@code timeout} for the connection and for each answer. */
    public UploadClient(InetSocketAddress server, Duration timeout) throws IOException {
        // A channel underneath the socket (a plain new Socket() has none): the body goes from the file
        // to the socket inside the kernel (FileChannel.transferTo, sendfile on Linux), see sendBody.
        Socket connecting = SocketChannel.open().socket();
        try {
            connecting.connect(server, (int) timeout.toMillis());
            connecting.setSoTimeout((int) timeout.toMillis());
            // Nagle off: after the body comes the small "end" message, which Nagle would hold until the
            // server acknowledged the body's last segment, an acknowledgement the server delays (40 ms on
            // Linux) while it waits for more. Every message is one flush of a buffer: one segment.
            connecting.setTcpNoDelay(true);
            this.messages = new Messages(connecting.getInputStream(), connecting.getOutputStream());
        } catch (IOException e) {
            connecting.close();
            throw e;
        }
        this.socket = connecting;
    }

    /** {@code upload [options] FILE}; with no arguments (an IDE's Run button), {@code list}: your files on the server at 127.0.0.1:9000. */
    public static void main(String[] args) {
        Launcher.main(args.length == 0 ? new String[] {"list"} : socketlessons.basics.cli.Cli.prepend("upload", args));
    }

    /** Logs in (registering the user first when asked); returns the server's greeting. */
    public String login(String user, String password, boolean register) throws IOException {
        if (register) {
            messages.send(Messages.message("register").put("user", user).put("password", password));
            expect("ok");
        }
        messages.send(Messages.message("login").put("user", user).put("password", password));
        return printable(Messages.text(expect("ok"), "message"));
    }

    /**
     * Uploads {@code file} as {@code name}. When the server holds part of it from an earlier,
     * interrupted attempt, only the rest is sent (the SHA-256 still covers the whole file).
     */
    public Transfer upload(Path file, String name, Progress progress) throws IOException {
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = source.size();
            messages.send(Messages.message("upload").put("name", name).put("size", size));
            long offset = Messages.count(expect("ready"), "offset");
            if (offset < 0 || offset > size) {
                throw new IOException("the server offered to resume at " + offset + " of a " + size + "-byte file");
            }
            MessageDigest sha256 = UploadStore.sha256();
            hash(source, 0, offset, sha256); // the server has these: hash them, send nothing
            progress.start(size, offset);
            sendBody(source, offset, size, sha256, progress);
            String hex = HexFormat.of().formatHex(sha256.digest());
            messages.send(Messages.message("end").put("sha256", hex)); // flushes the last of the body too
            ObjectNode stored = expect("stored");
            progress.finish();
            // The server says what it hashed and how much it holds: both must be what we sent.
            if (!hex.equals(Messages.text(stored, "sha256")) || Messages.count(stored, "size") != size) {
                throw new IOException("the server stored something else: " + stored + ", we sent " + size + " bytes with SHA-256 " + hex);
            }
            return new Transfer(Messages.text(stored, "name"), size, hex, offset);
        }
    }

    /**
     * Sends {@code [offset, size)} of the file, on two threads (see {@link Pipeline}): this one
     * reads a buffer from the file while a second one hashes the buffer before it and sends
     * the same range of the file; the progress counts what was sent. The second thread does not
     * send the buffer: it hands the file's range to the kernel ({@link FileChannel#transferTo},
     * {@code sendfile} on Linux), which moves the page cache's bytes to the socket without
     * copying them into this process and back out (two copies per byte fewer). Should the file
     * change between the read and the send, the server's SHA-256 is not ours and the upload fails.
     * Reading and hashing, the client's two big costs, are on different threads, so that on
     * two free cores they overlap.
     */
    private void sendBody(FileChannel source, long offset, long size, MessageDigest sha256, Progress progress) throws IOException {
        messages.bodyOut().flush(); // nothing of ours may be left behind the body
        SocketChannel out = socket.getChannel();
        long[] sent = {offset}; // the sending thread's own count
        try (Pipeline sending = new Pipeline("upload sender", (bytes, n) -> {
            sha256.update(bytes, 0, n);
            for (long done = 0; done < n; ) {
                long moved = source.transferTo(sent[0] + done, n - done, out);
                if (moved <= 0) {
                    throw new IOException("the file shrank while being sent, at " + (sent[0] + done) + " bytes");
                }
                done += moved;
            }
            sent[0] += n;
            progress.update(sent[0]);
        })) {
            long position = offset;
            while (position < size) {
                byte[] buffer = sending.free();
                int n = (int) Math.min(buffer.length, size - position);
                ByteBuffer piece = ByteBuffer.wrap(buffer, 0, n);
                while (piece.hasRemaining()) {
                    if (source.read(piece, position + piece.position()) < 0) {
                        throw new IOException("the file shrank while being read, at " + (position + piece.position()) + " bytes");
                    }
                }
                sending.hand(buffer, n);
                position += n;
            }
            sending.flush(); // all hashed and sent, or the sending thread's failure thrown here
        }
    }

    /** Downloads {@code name} into {@code folder}: a temporary name first, renamed once the SHA-256 matches. */
    public Transfer download(String name, Path folder, Progress progress) throws IOException {
        String problem = UploadStore.invalidName(name); // never trust a name to be a plain one: it becomes a path here
        if (problem != null) {
            throw new Refused(problem);
        }
        messages.send(Messages.message("download").put("name", name));
        long size = Messages.count(expect("file"), "size");
        if (size < 0) {
            throw new IOException("the server announced no size for " + name);
        }
        Files.createDirectories(folder);
        Path partial = folder.resolve("." + name + ".download");
        MessageDigest sha256 = UploadStore.sha256();
        String actual;
        try (FileChannel target = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            progress.start(size, 0);
            byte[] buffer = new byte[Messages.CHUNK];
            InputStream in = messages.body();
            long done = 0;
            while (done < size) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - done)); // never past the body
                if (n == -1) {
                    throw new IOException("the connection ended after " + done + " of " + size + " bytes of " + name);
                }
                sha256.update(buffer, 0, n);
                ByteBuffer piece = ByteBuffer.wrap(buffer, 0, n);
                while (piece.hasRemaining()) {
                    target.write(piece);
                }
                done += n;
                progress.update(done);
            }
            String expected = Messages.text(expect("end"), "sha256");
            actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equalsIgnoreCase(String.valueOf(expected))) {
                throw new IOException("SHA-256 mismatch for " + name + ": received " + actual + ", the server said " + expected);
            }
            target.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        progress.finish();
        return new Transfer(name, size, actual, 0);
    }

    /** The user's files on the server. */
    public List<UploadStore.StoredFile> list() throws IOException {
        messages.send(Messages.message("list"));
        List<UploadStore.StoredFile> files = new ArrayList<>();
        ObjectNode page;
        do {
            page = expect("files");
            for (JsonNode file : page.path("files")) {
                files.add(new UploadStore.StoredFile(Messages.text(file, "name"), Messages.count(file, "size")));
            }
        } while (page.path("more").asBoolean(false));
        return files;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The next answer, which must be of this type; an error answer becomes {@link Refused}. */
    private ObjectNode expect(String type) throws IOException {
        ObjectNode answer = messages.read();
        if (answer == null) {
            throw new IOException("the server closed the connection");
        }
        String got = Messages.text(answer, "type");
        if ("error".equals(got)) {
            throw new Refused(Messages.text(answer, "message"));
        }
        if (!type.equals(got)) {
            throw new IOException("expected a \"" + type + "\" answer, got " + answer);
        }
        return answer;
    }

    /**
     * The server's words made safe for a console: control and invisible characters (a line
     * break, an escape sequence, a right-to-left override) are shown as {@code \\uXXXX}, so a
     * server cannot forge a line or repaint the screen. Everything else is kept as it came.
     */
    static String printable(String text) {
        if (text == null) {
            return "(no message)";
        }
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                shown.append(String.format("\\u%04x", cp));
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.toString();
    }

    /** Hashes {@code [from, to)} of the file, in chunks. */
    private static void hash(FileChannel source, long from, long to, MessageDigest sha256) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Messages.CHUNK);
        long position = from;
        while (position < to) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), to - position));
            int n = source.read(buffer, position);
            if (n < 0) {
                throw new IOException("the file shrank while being read, at " + position + " bytes");
            }
            sha256.update(buffer.array(), 0, n);
            position += n;
        }
    }
}
