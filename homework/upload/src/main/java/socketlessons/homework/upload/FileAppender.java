package socketlessons.homework.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends to a file, around the page cache where the system allows it ({@code O_DIRECT} on
 * Linux: the JDK's {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}). A write through the page cache costs a core the
 * copy of every byte into freshly allocated cache pages (the server's biggest cost, above
 * SHA-256, in the notes' profile); a direct write hands the buffer to the disk, and the thread
 * waits without using the CPU. The price is alignment: direct writes must start at a multiple
 * of the file system's block size and be whole blocks, from an aligned buffer. So the bytes go
 * through an aligned staging buffer; once a buffer's worth is there, its whole blocks are
 * written directly (each direct write waits for the disk: few and large is fast, many and
 * small is slow), and what is left waits for more. When the stream pauses, what waits is
 * written the ordinary way as well ({@link #writeTail}), so the file holds every byte that
 * came; at the end, the same ({@link #finish}). Where {@code O_DIRECT} is refused (a
 * tmpfs, Windows, another file system), everything is written the ordinary way.
 */
final class FileAppender implements AutoCloseable {

    /**
     * {@code O_DIRECT}, from the JDK's {@code jdk.unsupported} module, looked up by name: a JDK
     * without it gets ordinary writes (null here), and the build needs no internal API.
     */
    private static final OpenOption DIRECT = directOption();

    private final FileChannel plain;
    private FileChannel direct; // null: ordinary writes only
    private final int block;
    private final int threshold; // direct writes are this large at least: each waits for the disk, so few and large
    private final ByteBuffer staging; // the bytes for [position, position + staging.position())
    private long position; // where the staging buffer's first byte goes: a multiple of block while direct
    private boolean tailWritten;

    /**
     * @param plain the file, open for reading and writing; bytes go at {@code start} and after
     * @param largest the largest {@link #append}; direct writes wait until this much is staged
     */
    FileAppender(Path file, FileChannel plain, long start, int largest) throws IOException {
        this.plain = plain;
        FileChannel opened = null;
        int size = 1;
        try {
            size = Math.toIntExact(Files.getFileStore(file).getBlockSize());
            if (DIRECT == null) {
                throw new UnsupportedOperationException("this JDK has no O_DIRECT");
            }
            opened = FileChannel.open(file, StandardOpenOption.WRITE, DIRECT);
        } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
            size = 1; // no direct writes here: ordinary ones
        }
        this.direct = opened;
        this.block = size;
        this.threshold = largest;
        this.staging = opened == null ? null : ByteBuffer.allocateDirect(2 * largest + 3 * size).alignedSlice(size);
        long head = start % block;
        this.position = start - head;
        if (head > 0) { // a resume inside a block: the block's first bytes are written again, from the file
            staging.limit((int) head);
            while (staging.hasRemaining()) {
                if (plain.read(staging, position + staging.position()) < 0) {
                    throw new IOException(file + " shrank while being read");
                }
            }
            staging.limit(staging.capacity());
        }
    }

    /** True when whole blocks go around the page cache. */
    boolean isDirect() {
        return direct != null;
    }

    /** Appends {@code length} bytes of {@code bytes}. */
    void append(byte[] bytes, int length) throws IOException {
        if (direct == null) {
            writeFully(plain, ByteBuffer.wrap(bytes, 0, length), position);
            position += length;
            return;
        }
        staging.put(bytes, 0, length);
        tailWritten = false;
        int end = staging.position();
        if (end < threshold) {
            return; // many small direct writes would each wait for the disk: gather a large one
        }
        int whole = end / block * block;
        staging.flip().limit(whole);
        try {
            writeFully(direct, staging, position);
        } catch (IOException e) { // refused after all (a file system that takes the flag but not the writes): ordinary writes from here on
            direct.close();
            direct = null;
            staging.position(0).limit(end);
            writeFully(plain, staging, position);
            position += end;
            return;
        }
        position += whole;
        staging.limit(end).position(whole);
        staging.compact(); // the partial block's bytes to the front
    }

    /**
     * The stream paused: what is staged is written the ordinary way too (and stays staged: the
     * next direct write covers it again, whole), so the file holds every byte appended.
     */
    void writeTail() throws IOException {
        if (direct != null && !tailWritten && staging.position() > 0) {
            writeFully(plain, staging.duplicate().flip(), position);
            tailWritten = true;
        }
    }

    /** The end: the last partial block is written; nothing more may be appended directly. */
    void finish() throws IOException {
        if (direct != null) {
            writeTail();
            position += staging.position();
            staging.clear();
            direct.close();
            direct = null;
        }
    }

    /** Lets go of the direct channel without writing what is staged (the file is being deleted). */
    @Override
    public void close() throws IOException {
        if (direct != null) {
            direct.close();
            direct = null;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
        long position = at;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    private static OpenOption directOption() {
        try {
            Class<?> extended = Class.forName("com.sun.nio.file.ExtendedOpenOption");
            for (Object option : extended.getEnumConstants()) {
                if (((Enum<?>) option).name().equals("DIRECT")) {
                    return (OpenOption) option;
                }
            }
        } catch (ClassNotFoundException e) {
            // not this JDK's: ordinary writes
        }
        return null;
    }
}
