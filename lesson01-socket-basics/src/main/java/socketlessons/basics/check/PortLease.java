package socketlessons.basics.check;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for the student's server, free when taken and kept from every other checker on this
 * machine until closed. The program must be told its port before it starts, so the checker
 * finds a free one by binding it and letting it go; two things could take it before the
 * student's bind, and the checker would then talk to a stranger's server:
 * <ul>
 * <li>any program that binds port 0 or connects out gets a port from the system's ephemeral
 *     range (32768 and up on Linux, 49152 and up on Windows and macOS): so the port is drawn
 *     from below it, where only a program that asks for the number gets it;
 * <li>another checker (another test, another terminal) drawing the same number: so each port
 *     is locked while it is in use, one byte of a shared lock file per port, a lock the system
 *     drops when a checker dies.
 * </ul>
 * The probe does not set SO_REUSEADDR, as a student's Python server does not: a port with
 * connections of an earlier stage in TIME_WAIT is skipped.
 */
final class PortLease implements AutoCloseable {

    static final int FIRST = 20_000;
    static final int COUNT = 12_000;

    private static FileChannel locks;

    final int port;
    private final FileLock lock;

    private PortLease(int port, FileLock lock) {
        this.port = port;
        this.lock = lock;
    }

    static PortLease take() throws IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
            FileLock lock;
            try {
                lock = locks().tryLock(port, 1, false);
            } catch (OverlappingFileLockException inUseHere) {
                continue; // another stage in this JVM has it
            }
            if (lock == null) {
                continue; // another checker on this machine has it
            }
            if (free(port)) {
                return new PortLease(port, lock);
            }
            lock.release();
        }
        throw new IOException("no free port between " + FIRST + " and " + (FIRST + COUNT - 1));
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(port)); // every address: a student's server may bind '' (0.0.0.0)
            udp.bind(new InetSocketAddress(port)); // and free for UDP too: lesson03's servers take it
            return true;
        } catch (IOException taken) {
            return false; // another program's, or not ours to use (Windows reserves some ranges)
        }
    }

    private static synchronized FileChannel locks() throws IOException {
        if (locks == null) {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "socket-lessons-check-" + System.getProperty("user.name") + ".lock");
            locks = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        return locks;
    }

    @Override
    public void close() throws IOException {
        lock.release();
    }
}
