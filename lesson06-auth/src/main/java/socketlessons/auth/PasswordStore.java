package socketlessons.auth;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A user file: one line per user, {@code name:pbkdf2-sha256$ITERATIONS$SALT$HASH}.
 *
 * <ul>
 * <li>Written whole or not at all: a new version goes to a temporary file in the same folder,
 * is forced to disk, and replaces the old one by an atomic rename, so a crash never leaves
 * a half-written file.</li>
 * <li>A damaged line is reported with its line number and skipped; the good users still log in.</li>
 * <li>An unknown user and a wrong password get the same answer, after the same work: for an
 * unknown user a dummy hash is checked, so timing does not tell which names exist.</li>
 * </ul>
 *
 * Thread-safe: the homework's chat server shares one store between its handler threads.
 */
public final class PasswordStore {

    /** User names: letters, digits, {@code _ . -}; 1 to 32 of them. */
    public static final int MAX_NAME = 32;
    /** Longer passwords are refused: PBKDF2's cost grows with the password's length. */
    public static final int MAX_PASSWORD = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_NAME + "}");

    private final Path file;
    private final PasswordHasher hasher;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final String dummyHash;
    private final java.util.concurrent.atomic.AtomicLong hashChecks = new java.util.concurrent.atomic.AtomicLong();

    private PasswordStore(Path file, PasswordHasher hasher) {
        this.file = file;
        this.hasher = hasher;
        this.dummyHash = hasher.hash("not a password anyone has");
    }

    /** Opens (or starts) the user file; damaged lines are listed in {@link #problems()}. */
    public static PasswordStore open(Path file, PasswordHasher hasher) throws IOException {
        PasswordStore store = new PasswordStore(file, hasher);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                store.load(i + 1, lines.get(i));
            }
        }
        return store;
    }

    private void load(int lineNumber, String line) {
        if (line.isBlank()) {
            return;
        }
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon);
        String hash = colon < 0 ? "" : line.substring(colon + 1);
        if (!NAME.matcher(name).matches() || !PasswordHasher.wellFormed(hash)) {
            problems.add(file.getFileName() + " line " + lineNumber + " is damaged and was skipped");
        } else {
            users.put(name, hash);
        }
    }

    /** What was wrong with the file when it was opened. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    public synchronized boolean exists(String name) {
        return users.containsKey(name);
    }

    /** Why a name or password cannot be used, or null when it can. */
    public static String invalid(String name, String password) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "a user name is 1 to " + MAX_NAME + " letters, digits, '_', '.' or '-'";
        }
        if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD) {
            return "a password is 1 to " + MAX_PASSWORD + " characters";
        }
        return null;
    }

    /**
     * Adds a user and saves the file before returning.
     *
     * @throws IllegalArgumentException for a bad name or password, or a name already taken
     */
    public synchronized void register(String name, String password) throws IOException {
        String problem = invalid(name, password);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (users.containsKey(name)) {
            throw new IllegalArgumentException("the name " + name + " is taken");
        }
        users.put(name, hasher.hash(password));
        try {
            save();
        } catch (IOException e) {
            users.remove(name); // not on disk: not registered
            throw e;
        }
    }

    /** True for the right password of a known user; false otherwise, after the same work either way. */
    public boolean verify(String name, String password) {
        if (invalid(name, password) != null) {
            return false;
        }
        String stored;
        synchronized (this) {
            stored = users.get(name);
        }
        hashChecks.incrementAndGet();
        if (stored == null) {
            PasswordHasher.matches(password, dummyHash); // as slow as a real check
            return false;
        }
        return PasswordHasher.matches(password, stored);
    }

    /** How many PBKDF2 checks {@link #verify} has made: one per call, known user or not. */
    long hashChecks() {
        return hashChecks.get();
    }

    /** Temporary file, forced to disk, atomic rename over the old file. */
    private void save() throws IOException {
        StringBuilder text = new StringBuilder();
        users.forEach((name, hash) -> text.append(name).append(':').append(hash).append('\n'));
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
