package socketlessons.basics.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * The course's ports 9000 and 9001, for the few tests that run a program with its defaults (an
 * IDE's Run button). Modules are built side by side, each in a JVM of its own: a test takes this
 * lock, one on the whole machine (a lock file the system drops if the JVM dies), so such tests
 * wait for each other instead of finding the port taken and skipping. A program outside the
 * build that holds 9000 still makes them skip.
 */
public final class CoursePort implements AutoCloseable {

    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock(); // a file lock is per JVM, not per thread

    private final FileChannel file;
    private final FileLock lock;

    private CoursePort(FileChannel file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /** Waits until no other test on this machine uses the course's ports, then holds them until closed. */
    public static CoursePort lock() throws IOException {
        IN_THIS_JVM.lock();
        try {
            FileChannel file = FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"),
                    "socket-lessons-port-9000-" + System.getProperty("user.name") + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new CoursePort(file, file.lock());
        } catch (IOException | RuntimeException e) {
            IN_THIS_JVM.unlock();
            throw e;
        }
    }

    /**
     * 127.0.0.1:9000 listened on by the test, so that a server's bind there fails ("address
     * already in use"); it never accepts, so it leaves no TIME_WAIT behind. With SO_REUSEADDR: a
     * listener may bind where an earlier test's connections wait out TIME_WAIT (up to 60 s on
     * Linux), which a socket without it had to wait for. Once it is closed, a client's connect
     * there is refused (hold {@link #refusing()} for that), and no test of the build takes 9000
     * while the lock is held. A program outside the build that listens on 9000 makes the test skip.
     */
    public ServerSocket listening() throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 9000), 1);
            return socket;
        } catch (IOException taken) {
            socket.close();
            return Assumptions.abort("port 9000 is in use by another program (" + taken.getMessage() + "): its answers would not be ours");
        }
    }

    /**
     * 127.0.0.1:9000 bound and not listened on, after {@link #listening()} is closed: a client's
     * connect there is refused. A listener closed a moment ago may live on for a while in a child
     * process another test has just started (it holds a copy of the descriptor until it execs), and
     * would take the connect into its backlog; the bind fails until then, so this waits for it.
     */
    public Socket refusing() {
        AtomicReference<Socket> bound = new AtomicReference<>();
        Awaitility.await("no listener left on 127.0.0.1:9000").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    Socket socket = new Socket();
                    try {
                        socket.setReuseAddress(true); // past the TIME_WAIT of earlier connections, as listening() is
                        socket.bind(new InetSocketAddress("127.0.0.1", 9000));
                        bound.set(socket);
                        return true;
                    } catch (IOException stillListening) {
                        socket.close();
                        return false;
                    }
                });
        return bound.get();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            file.close();
        } finally {
            IN_THIS_JVM.unlock();
        }
    }
}
