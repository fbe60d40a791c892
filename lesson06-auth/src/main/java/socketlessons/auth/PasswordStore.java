package socketlessons.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A user file: one line per user, {@code name:pbkdf2-sha256$ITERATIONS$SALT$HASH}. The
 * course's {@code user|md5hex} file, stored right.
 *
 * <ul>
 * <li>Written whole or not at all: a new version goes to a temporary file in the same folder,
 * is forced to disk, replaces the old one by an atomic rename, and the folder is forced too,
 * so a crash leaves the old file or the new one, never half of one.</li>
 * <li>A damaged line is reported with its line number and skipped; the good users still log
 * in. It is kept as it is when the file is saved again, for a person to repair.</li>
 * <li>An unknown user and a wrong password get the same answer, after the same work: every
 * check costs at least today's iterations. An unknown user's check is that much work thrown
 * away; a user whose hash was made with a lower count gets the difference added, and is
 * rehashed at today's count at the next right login. So timing does not tell which names
 * exist, even after the count was raised. (A count lowered later leaves the users with the
 * higher count slower than strangers until they are rehashed by hand: never lower it.)</li>
 * </ul>
 *
 * Thread-safe: the homework's chat server shares one store between its handler threads.
 */
public final class PasswordStore {

    /** User names: letters, digits, {@code _ . -}; 1 to 32 of them. */
    public static final int MAX_NAME = 32;
    /**
     * Longer passwords are refused, and never hashed: a stranger must not make us hash
     * megabytes (Django's 2013 denial of service did exactly that with PBKDF2).
     */
    public static final int MAX_PASSWORD = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_NAME + "}");

    /** One line of the file: a user, or a damaged line kept as it was. */
    private record Line(String name, String hash, String raw) {
        String text() {
            return name == null ? raw : name + ":" + hash;
        }
    }

    private final Path file;
    private final PasswordHasher hasher;
    private final List<Line> lines = new ArrayList<>();
    private final Map<String, String> users = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final AtomicLong hashChecks = new AtomicLong();

    private PasswordStore(Path file, PasswordHasher hasher) {
        this.file = file;
        this.hasher = hasher;
    }

    /**
     * Opens the user file, or starts an empty store when it does not exist yet (it is created
     * at the first {@link #register}). Damaged lines are listed in {@link #problems()}.
     *
     * @param hasher hashes new passwords; stored hashes are checked with the count stored in them
     */
    public static PasswordStore open(Path file, PasswordHasher hasher) throws IOException {
        PasswordStore store = new PasswordStore(file, hasher);
        if (Files.exists(file)) {
            // Decoded leniently: a line of bad bytes is one damaged line, not an unreadable file.
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
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
            lines.add(new Line(null, null, line));
        } else if (users.containsKey(name)) {
            problems.add(file.getFileName() + " line " + lineNumber + " repeats the user " + name + " and was skipped");
            lines.add(new Line(null, null, line));
        } else {
            users.put(name, hash);
            lines.add(new Line(name, hash, null));
        }
    }

    /** What was wrong with the file when it was opened, one message per damaged line. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Whether {@code name} is registered. Not for answering logins: that would tell strangers which names exist. */
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
        if (brokenText(password)) {
            return "a password cannot contain broken text (a lone surrogate, or U+FFFD where bytes were not UTF-8)";
        }
        return null;
    }

    /**
     * True for text that is not what its sender typed: a lone UTF-16 surrogate (JSON's
     * {@code "\ud800"} makes one), which PBKDF2's UTF-8 encoding would silently turn into
     * {@code ?}, so {@code "\udc00x"} and {@code "?x"} would be one password; or U+FFFD, which a
     * decoder puts where the bytes on the wire were not UTF-8, so any two broken inputs of one
     * length would be one password. Refused, never guessed at.
     */
    static boolean brokenText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD') {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character outside the BMP, fine
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds a user and saves the file before returning: once this returns, the user survives a
     * crash; if it throws, the user was not added.
     *
     * @throws IllegalArgumentException for a bad name or password (see {@link #invalid}), or a name already taken
     * @throws IOException              when the file could not be saved
     */
    public void register(String name, String password) throws IOException {
        String problem = invalid(name, password);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (exists(name)) {
            throw taken(name);
        }
        String hash = hasher.hash(password); // slow on purpose: outside the lock, so logins go on meanwhile
        synchronized (this) {
            if (users.containsKey(name)) {
                throw taken(name); // registered by another thread while we hashed
            }
            lines.add(new Line(name, hash, null));
            try {
                save();
            } catch (IOException e) {
                lines.remove(lines.size() - 1); // not on disk: not registered
                throw e;
            }
            users.put(name, hash);
        }
    }

    private static IllegalArgumentException taken(String name) {
        return new IllegalArgumentException("the name " + name + " is taken");
    }

    /**
     * True for the right password of a known user. False for anything else (unknown user, wrong
     * password, a name or password that breaks the rules), without saying which. Every check
     * costs the same PBKDF2 iterations, known user or not, old hash or new (see the class).
     */
    public boolean verify(String name, String password) {
        if (invalid(name, password) != null) {
            return false; // the same for every name: tells nothing, and never hashes a huge input
        }
        String stored;
        synchronized (this) {
            stored = users.get(name);
        }
        int cost = hasher.iterations();
        hashChecks.incrementAndGet();
        if (stored == null) {
            hasher.spend(cost); // as slow as a real check
            return false;
        }
        int count = PasswordHasher.iterationsOf(stored);
        boolean right = hasher.matches(password, stored);
        hasher.spend(cost - count); // an old, cheaper hash costs what today's does: timing tells nothing
        if (right && count < hasher.iterations()) {
            rehash(name, password, stored);
        }
        return right;
    }

    /**
     * The count was raised since this user's hash was made: now that we hold the right
     * password, store it at today's count (as password libraries do). If the file cannot be
     * saved, the old hash stays and this is tried again at the next login.
     */
    private void rehash(String name, String password, String old) {
        String hash = hasher.hash(password); // slow: outside the lock
        synchronized (this) {
            if (!old.equals(users.get(name))) {
                return; // rehashed by another login meanwhile
            }
            int index = lines.indexOf(new Line(name, old, null));
            if (index < 0) {
                return; // cannot happen: every user has its line
            }
            lines.set(index, new Line(name, hash, null));
            try {
                save();
                users.put(name, hash);
            } catch (IOException e) {
                lines.set(index, new Line(name, old, null));
            }
        }
    }

    /** How many PBKDF2 checks {@link #verify} has made: one per call with a valid name and password, known user or not. */
    long hashChecks() {
        return hashChecks.get();
    }

    /** Temporary file in the same folder, forced to disk, atomic rename over the old file, folder forced. */
    private void save() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            text.append(line.text()).append('\n');
        }
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true); // the data is on disk before the name points at it
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceFolder(folder);
    }

    /** Makes the rename itself durable (Linux, macOS). Windows cannot open a folder this way: the rename is its own record there. */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort: not possible on every platform
        }
    }
}
