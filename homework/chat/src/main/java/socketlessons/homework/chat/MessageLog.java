package socketlessons.homework.chat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import socketlessons.homework.Messages;

/**
 * The messages not yet acknowledged by their receivers, kept on disk so that none is lost when
 * the server dies, even by {@code kill -9}. An append-only log, one record a line:
 *
 * <pre>
 * CRC32 {"id": 17, "from": "alice", "to": "bob", "text": "...", "sent": ...}    a message
 * CRC32 {"ack": 17}                                                           17 may be forgotten
 * </pre>
 *
 * Each append is forced to disk before it returns, so "stored" means stored. A crash in the
 * middle of an append leaves a last line that is cut or whose checksum is wrong: on opening it
 * is reported and skipped, and every record before it is kept. Opening also rewrites the log
 * with only what is still pending (temporary file, forced, atomic rename).
 */
public final class MessageLog implements AutoCloseable {

    private final Path file;
    private final boolean durable;
    private final Map<Long, ObjectNode> pending = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private FileChannel channel;
    private long nextId = 1;

    private MessageLog(Path file, boolean durable) {
        this.file = file;
        this.durable = durable;
    }

    public static MessageLog open(Path file) throws IOException {
        return open(file, true);
    }

    /**
     * For tests that check what the log holds, not whether it survives a power cut (which no
     * test can see): {@code durable} false skips the forces, each of which waits for the disk
     * (0.2 to 250 ms on a busy machine). The server, and the kill -9 test, always force.
     */
    static MessageLog open(Path file, boolean durable) throws IOException {
        MessageLog log = new MessageLog(file, durable);
        log.load();
        log.compact();
        log.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return log;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            lineNumber++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            boolean complete = end < bytes.length;
            if (!complete || !apply(line)) {
                problems.add(file.getFileName() + ": record " + lineNumber + " at byte " + start
                        + (complete ? " is damaged" : " is cut short (a crash while writing it)") + "; skipped");
                if (!complete) {
                    break;
                }
            }
            start = end + 1;
        }
    }

    private boolean apply(String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            return false;
        }
        String json = line.substring(space + 1);
        if (!line.substring(0, 8).equals(crc(json))) {
            return false;
        }
        try {
            ObjectNode record = (ObjectNode) Messages.JSON.readTree(json);
            if (record.has("ack")) {
                pending.remove(record.get("ack").asLong());
            } else {
                long id = record.get("id").asLong();
                pending.put(id, record);
                nextId = Math.max(nextId, id + 1);
            }
            if (record.has("next")) {
                nextId = Math.max(nextId, record.get("next").asLong());
            }
            return true;
        } catch (JacksonException | ClassCastException | NullPointerException e) {
            return false;
        }
    }

    /** Rewrites the log with only what is pending: temporary file, forced, atomic rename. */
    private void compact() throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            // The next id survives compaction, so ids are never reused.
            write(out, Messages.JSON.createObjectNode().put("ack", 0).put("next", nextId));
            for (ObjectNode message : pending.values()) {
                write(out, message);
            }
            force(out, true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** What was wrong with the log when it was opened. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Gives the message its id, writes it, forces it to disk; only then returns it. */
    public synchronized ObjectNode store(String from, String to, String text, long sentMillis) throws IOException {
        ObjectNode message = Messages.message("message").put("id", nextId++).put("from", from).put("to", to)
                .put("text", text).put("sent", sentMillis);
        write(channel, message);
        force(channel, false);
        pending.put(message.get("id").asLong(), message);
        return message;
    }

    /** The receiver has it: forget it (forced to disk too, or a restart would deliver it again). */
    public synchronized void acknowledge(String user, long id) throws IOException {
        ObjectNode message = pending.get(id);
        if (message == null || !message.get("to").asText().equals(user)) {
            return; // not this user's, or acknowledged already
        }
        write(channel, Messages.JSON.createObjectNode().put("ack", id));
        force(channel, false);
        pending.remove(id);
    }

    /** The messages waiting for {@code user}, oldest first. */
    public synchronized List<ObjectNode> pendingFor(String user) {
        List<ObjectNode> mine = new ArrayList<>();
        for (ObjectNode message : pending.values()) {
            if (message.get("to").asText().equals(user)) {
                mine.add(message);
            }
        }
        return mine;
    }

    private void force(FileChannel channel, boolean metaData) throws IOException {
        if (durable) {
            channel.force(metaData);
        }
    }

    private static void write(FileChannel out, ObjectNode record) throws IOException {
        // Jackson's bytes, not record.toString() as UTF-8: that wrote a lone surrogate as '?', so a
        // message sent as "x\ud800y" came back "x?y" after a restart. Encoded, it is the escape \ud800.
        String json = new String(Messages.encode(record), StandardCharsets.UTF_8);
        ByteBuffer line = ByteBuffer.wrap((crc(json) + " " + json + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            out.write(line);
        }
    }

    private static String crc(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
