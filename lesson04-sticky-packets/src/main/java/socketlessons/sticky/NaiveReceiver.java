package socketlessons.sticky;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The classroom's receiving code, each flaw kept in its own method so a test can show it.
 * Do not copy any of it: {@link LengthPrefixCodec} and {@link HeaderCodec} are the fixes.
 */
public final class NaiveReceiver {

    private NaiveReceiver() {
    }

    /**
     * {@code conn.recv(n).decode('utf-8')}: one read taken as one message, decoded on its own.
     * Glues messages that arrived together (粘包), cuts one that has not all arrived (拆包),
     * and breaks a character whose bytes are split between two reads.
     */
    public static String recv(InputStream in, int n) throws IOException {
        byte[] buf = new byte[n];
        int got = in.read(buf);
        return got == -1 ? "" : new String(buf, 0, got, StandardCharsets.UTF_8);
    }

    /**
     * {@code struct.unpack('i', conn.recv(4))[0]}: trusts one read to return all four header
     * bytes. When only some have arrived, the length is built from a short, zero-padded header.
     */
    public static int readLengthInOneRead(InputStream in, ByteOrder order) throws IOException {
        byte[] header = new byte[4];
        in.read(header); // the flaw: the count it returns is ignored
        return ByteBuffer.wrap(header).order(order).getInt();
    }

    /**
     * {@code while filesize > 0: chunk = conn.recv(1024); f.write(chunk); filesize -= 1024}:
     * counts down by the buffer's size, not by what the read returned. When reads come back
     * short, the loop stops early and the file is cut short.
     */
    public static long countDownByBufferSize(InputStream in, long filesize, OutputStream file) throws IOException {
        byte[] buf = new byte[1024];
        long written = 0;
        while (filesize > 0) {
            int n = in.read(buf);
            if (n == -1) {
                break;
            }
            file.write(buf, 0, n);
            written += n;
            filesize -= buf.length; // the flaw: should be n
        }
        return written;
    }

    /**
     * {@code while filesize > 0: chunk = conn.recv(1024); filesize -= len(chunk)}: counts right,
     * but always asks for 1024 bytes. The last read asks for more than the body has left, and
     * takes the start of the next message (the course's MD5 after the file) into the file.
     */
    public static long countDownWithFullReads(InputStream in, long filesize, OutputStream file) throws IOException {
        byte[] buf = new byte[1024];
        long written = 0;
        while (filesize > 0) {
            int n = in.read(buf); // the flaw: should ask for min(1024, filesize)
            if (n == -1) {
                break;
            }
            file.write(buf, 0, n);
            written += n;
            filesize -= n;
        }
        return written;
    }
}
