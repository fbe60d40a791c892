package socketlessons.homework.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import socketlessons.homework.Messages;

/**
 * The server's side of §10.2 item 4 on disk, without sockets: one folder per user under the
 * root, and a file under its final name only once it is complete and its SHA-256 checked.
 *
 * <p>An upload in progress is written to a partial file in the same folder,
 * {@code .NAME.SIZE.part} (same folder: the final rename is atomic, and the partial never
 * shows under the final name). When the connection breaks, the partial stays: the next upload
 * of the same name and size continues from its end. Only one upload of a name runs at a time;
 * another one of the same name is refused until it ends, so two clients never mix their bytes.
 */
public final class UploadStore {

    /** Room for ".", the name, ".", a size and ".part" inside the 255 bytes most file systems allow. */
    public static final int MAX_NAME_BYTES = 200;

    private final Path root;
    private final long maxSize;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    /** @param maxSize the largest file a client may announce; refused before a byte is written */
    public UploadStore(Path root, long maxSize) throws IOException {
        this.root = Files.createDirectories(root, ownerOnly(FOLDER)).toAbsolutePath().normalize();
        this.maxSize = maxSize;
    }

    public long maxSize() {
        return maxSize;
    }

    /** A file as {@code list} shows it. */
    public record StoredFile(String name, long size) {
    }

    /** A file just stored: its name, size, and the SHA-256 the server computed over its bytes. */
    public record Committed(String name, long size, String sha256) {
    }

    /** Refused with a reason the client is told; nothing was written for it. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Why {@code name} cannot be a file name here, or null when it can. Only a plain name is
     * accepted: the classroom server wrote {@code ../../x} where it pointed.
     */
    public static String invalidName(String name) {
        if (name == null || name.isEmpty()) {
            return "a file name is needed";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "file name longer than " + MAX_NAME_BYTES + " bytes";
        }
        // First, so that no message below echoes a character that could forge a log line or repaint a terminal.
        int bad = name.codePoints().filter(UploadStore::unprintable).findFirst().orElse(-1);
        if (bad >= 0) {
            // Control characters (NUL, line breaks, terminal escapes), invisible format characters
            // (a right-to-left override turns "photo\u202Egpj.exe" into "photoexe.jpg" on screen)
            // and halves of a surrogate pair have no place in a file name.
            return String.format("file name with a control or invisible character (U+%04X): %s", bad,
                    name.codePoints().map(cp -> unprintable(cp) ? '?' : cp)
                            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "file name with a path separator (" + c + "): only a plain name is allowed, not " + name;
            }
            if (c == ':') {
                return "file name with ':' (a drive or a stream on Windows): " + name;
            }
        }
        if (name.startsWith(".")) {
            return name.equals(".") || name.equals("..")
                    ? "'" + name + "' is a folder, not a file name"
                    : "file name starting with '.' (kept for the server's partial files): " + name;
        }
        if (name.endsWith(" ") || name.endsWith(".")) {
            return "file name ending with a space or a dot (Windows would drop it): " + name;
        }
        try {
            Path.of(name); // what this machine's file system cannot name (with LANG=C, Java 17 cannot name 报告.txt)
        } catch (InvalidPathException e) {
            return "file name this server's file system cannot hold: " + name;
        }
        return null;
    }

    private static boolean unprintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    /**
     * Why a user name cannot be a folder here, or null. lesson06 allows {@code [A-Za-z0-9_.-]};
     * a folder per user also needs: not {@code .} or {@code ..}, no trailing dot (Windows drops
     * it), and lower case only (on Windows and macOS {@code ALICE} and {@code alice} would be one folder).
     */
    public static String invalidFolderName(String user) {
        if (user == null || !user.matches("[a-z0-9_-][a-z0-9_.-]*") || user.endsWith(".")) {
            return "user names here are lower case letters, digits, '_', '-' and '.' (not first or last): "
                    + socketlessons.basics.PeerText.quote(String.valueOf(user)); // quoted: it goes to the log too
        }
        return null;
    }

    /** The user's own folder (made when first needed). */
    Path folderOf(String user) throws IOException {
        String problem = invalidFolderName(user);
        if (problem != null) {
            throw new IOException(problem);
        }
        Path folder = inside(root, user);
        return Files.createDirectories(folder, ownerOnly(FOLDER));
    }

    /** {@code parent/name}, refused unless it really is directly inside {@code parent} (a second line of defence). */
    private static Path inside(Path parent, String name) throws IOException {
        try {
            Path path = parent.resolve(name).normalize();
            if (!parent.equals(path.getParent())) {
                throw new IOException("not a plain name: " + name);
            }
            return path;
        } catch (InvalidPathException e) {
            throw new IOException("not a usable name here: " + name, e);
        }
    }

    /** The user's complete files, by name; partial files are not listed. */
    public List<StoredFile> list(String user) throws IOException {
        List<StoredFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folderOf(user))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(entry)) {
                    files.add(new StoredFile(name, Files.size(entry)));
                }
            }
        }
        files.sort(Comparator.comparing(StoredFile::name));
        return files;
    }

    /** Opens a complete file of the user's for reading. */
    public FileChannel open(String user, String name) throws Refused, IOException {
        String problem = invalidName(name);
        if (problem != null) {
            throw new Refused(problem);
        }
        try {
            return FileChannel.open(inside(folderOf(user), name), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new Refused("no file named " + name);
        }
    }

    /**
     * Starts (or resumes) an upload of {@code size} bytes under {@code name}: a partial file of
     * the same name and size continues; any other partial of that name is dropped.
     *
     * @throws Refused for a bad name, a size above the limit or the free space, or an upload of
     *                 the same name already running
     */
    public Upload begin(String user, String name, long size) throws Refused, IOException {
        String problem = invalidName(name);
        if (problem != null) {
            throw new Refused(problem);
        }
        if (size < 0 || size > maxSize) {
            throw new Refused("a file of " + size + " bytes is above this server's limit of " + maxSize + " bytes");
        }
        // One lock for the names a case-insensitive file system (Windows, macOS) would take as one file.
        String key = user + "/" + java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC).toLowerCase(java.util.Locale.ROOT);
        if (!inProgress.add(key)) {
            throw new Refused(name + " is being uploaded by another connection; try again when that one ends");
        }
        try {
            return new Upload(key, folderOf(user), name, size);
        } catch (Refused | IOException | RuntimeException e) {
            inProgress.remove(key);
            throw e;
        }
    }

    /**
     * One upload: append the body with {@link #write}, then {@link #commit} with the SHA-256 the
     * client sent. Closing without a commit keeps the partial file for a resume.
     */
    public final class Upload implements AutoCloseable {

        private final String key;
        private final Path folder;
        private final Path target;
        private final Path partial;
        private final long size;
        private final long offset;
        private final MessageDigest sha256 = sha256();
        private final FileChannel channel;
        private final FileAppender appender;
        private final Pipeline writer;
        private long written;
        private boolean ended;

        private Upload(String key, Path folder, String name, long size) throws Refused, IOException {
            this.key = key;
            this.folder = folder;
            this.target = inside(folder, name);
            this.partial = inside(folder, "." + name + "." + size + ".part");
            this.size = size;
            dropOtherPartials(name);
            long held = Files.exists(partial) ? Files.size(partial) : 0;
            if (held > size) {
                Files.delete(partial); // cannot be ours: it holds more than the whole file
                held = 0;
            }
            long needed = size - held;
            if (needed > Files.getFileStore(folder).getUsableSpace()) {
                throw new Refused("not enough space on the server for " + needed + " more bytes");
            }
            this.channel = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ),
                    ownerOnly(FILE)); // the rename keeps it: the stored file is 0600 too
            try {
                hashWhatIsHeld(held); // the SHA-256 covers the whole file, the bytes of earlier attempts too
                this.appender = new FileAppender(partial, channel, held, Pipeline.BUFFER_SIZE); // the body goes on at held
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            this.offset = held;
            this.written = held;
            this.writer = new Pipeline("upload writer " + key, appender::append, appender::writeTail);
        }

        /** Partials of this name announced with another size belong to a different file (only ".NAME.DIGITS.part": ".NAME.pdf.7.part" is another file's). */
        private void dropOtherPartials(String name) throws IOException {
            java.util.regex.Pattern mine = java.util.regex.Pattern.compile("\\." + java.util.regex.Pattern.quote(name) + "\\.\\d+\\.part");
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path other : entries) {
                    if (mine.matcher(other.getFileName().toString()).matches() && !other.equals(partial)) {
                        Files.deleteIfExists(other);
                    }
                }
            }
        }

        private void hashWhatIsHeld(long held) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(Messages.CHUNK);
            long position = 0;
            while (position < held) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), held - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("partial file " + partial + " shrank while being read");
                }
                sha256.update(buffer.array(), 0, n);
                position += n;
            }
        }

        /** Where the body continues: the bytes the server holds already. */
        public long offset() {
            return offset;
        }

        public long size() {
            return size;
        }

        /** Bytes held so far (offset plus what came in this time). */
        public long written() {
            return written;
        }

        /**
         * Appends the rest of the body from {@code in}, asking each read for no more than what is
         * left, so not one byte of the next message is taken. Returns when the body is complete or
         * {@code in} ended first ({@link #written()} tells which). This thread reads and hashes a
         * buffer while the writer thread writes the one before (see {@link Pipeline}).
         */
        public void receive(InputStream in) throws IOException {
            boolean more = true;
            while (more && written < size) {
                byte[] buffer = writer.free();
                int wanted = (int) Math.min(buffer.length, size - written);
                int filled = 0;
                try {
                    while (filled < wanted) {
                        int n = in.read(buffer, filled, wanted - filled);
                        if (n == -1) {
                            more = false;
                            break;
                        }
                        sha256.update(buffer, filled, n); // now, while they are in this core's cache
                        filled += n;
                        if (in.available() == 0) {
                            break; // a pause in the stream: what has come goes to the file now, not when more comes
                        }
                    }
                } finally { // a timeout or a reset too: the bytes that came are kept for a resume
                    if (filled > 0) {
                        writer.hand(buffer, filled);
                        written += filled;
                    } else {
                        writer.giveBack(buffer);
                    }
                }
            }
        }

        /** Appends a piece of the body; refuses to go past the size announced. */
        public void write(byte[] bytes, int from, int length) throws Refused, IOException {
            if (written + length > size) {
                throw new Refused("more bytes than the " + size + " announced");
            }
            receive(new java.io.ByteArrayInputStream(bytes, from, length));
        }

        /**
         * Checks the size and the SHA-256; only when both match, puts the file under its name.
         * On a mismatch the partial file is deleted: its bytes are not the client's file.
         */
        public Committed commit(String clientSha256) throws Refused, IOException {
            if (written != size) {
                throw new Refused("the file has " + written + " of the " + size + " bytes announced");
            }
            writer.flush(); // every byte on its way to the file, or the disk's failure thrown here
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equalsIgnoreCase(String.valueOf(clientSha256))) {
                discard();
                throw new Refused("SHA-256 mismatch: the bytes received hash to " + actual + ", the client said " + clientSha256
                        + "; the partial file is deleted, upload it again");
            }
            writer.close();
            appender.finish();
            channel.force(true); // the bytes are on disk before the name points at them
            channel.close();
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceFolder();
            end(); // before the client hears "stored": its next upload of this name must not find it busy
            return new Committed(target.getFileName().toString(), size, actual);
        }

        /** Deletes the partial file: what it holds must not be continued. */
        public void discard() throws IOException {
            try (appender; channel) {
                writer.close();
            }
            Files.deleteIfExists(partial);
            end();
        }

        private void end() {
            ended = true;
            inProgress.remove(key);
        }

        /** Ends this upload; without a commit or a discard, the partial file stays for a resume. */
        @Override
        public void close() throws IOException {
            if (!ended) {
                ended = true;
                try {
                    writer.close(); // what came is written first: the partial holds every byte counted in written()
                    appender.finish();
                } finally {
                    appender.close();
                    channel.close();
                    inProgress.remove(key); // only if this upload still holds it: after end() the next one may
                }
            }
        }

        /** The rename itself is on disk only when the folder is (Linux, macOS; Windows cannot open a folder, and needs not). */
        private void forceFolder() {
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // Windows: folders cannot be opened this way; NTFS journals the rename itself.
            }
        }
    }

    /**
     * Users' files are theirs alone: where the file system has POSIX permissions, folders are
     * made 0700 and files 0600 (not the umask's usual 0755 and 0644, which let every local user
     * of the server's machine read every upload). Windows gives new files the folder's ACL.
     */
    static final String FOLDER = "rwx------";
    static final String FILE = "rw-------";

    static FileAttribute<?>[] ownerOnly(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
