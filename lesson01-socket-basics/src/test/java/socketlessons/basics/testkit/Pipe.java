package socketlessons.basics.testkit;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Bytes from one thread to another, in the order put, until {@link #end()}: a program's keyboard
 * or screen in a test. Reading blocks until bytes come; nothing put after the end is seen.
 * (The JDK's PipedInputStream fails once the writing thread has ended: the checker types from
 * several threads.)
 */
final class Pipe {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private boolean ended;

    synchronized void put(byte[] chunk) {
        if (!ended && chunk.length > 0) {
            chunks.add(chunk);
        }
    }

    synchronized void end() {
        if (!ended) {
            ended = true;
            chunks.add(END);
        }
    }

    /** The writing end. */
    OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                put(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                put(Arrays.copyOfRange(b, off, off + len));
            }
        };
    }

    /** The reading end: one reader. */
    InputStream source() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;
            private boolean atEnd;

            @Override
            public int read() throws InterruptedIOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
                if (len == 0) {
                    return 0;
                }
                while (pos == current.length) {
                    if (atEnd) {
                        return -1;
                    }
                    try {
                        current = chunks.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for input");
                    }
                    pos = 0;
                    atEnd = current == END;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public synchronized int available() {
                return current.length - pos;
            }
        };
    }
}
