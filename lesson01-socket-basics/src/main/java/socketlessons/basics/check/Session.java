package socketlessons.basics.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import socketlessons.basics.Deadlines;
import socketlessons.basics.Deadlines.Deadline;
import socketlessons.basics.PeerText;

/**
 * What a stage uses to talk to the student's program: connect to its server (or accept its
 * client), send, expect bytes back, expect a line printed. Every wait ends at the timeout, and
 * every surprise becomes a {@link StageFailure} that says what was expected and what came.
 */
public final class Session implements AutoCloseable {

    /** How often to try again while the student's server is starting (it cannot tell us when it is ready). */
    private static final long RETRY_MILLIS = 50;

    private final InetSocketAddress address;
    private final Duration timeout;
    private final StudentProgram program;   // null: a server the student started (check server --port N)
    private final ServerSocket listener;    // client stages: where the student's client connects
    private final List<Socket> sockets = new ArrayList<>();
    private final Deadlines deadlines = new Deadlines("check: send deadline");

    Session(InetSocketAddress address, Duration timeout, StudentProgram program, ServerSocket listener) {
        this.address = address;
        this.timeout = timeout;
        this.program = program;
        this.listener = listener;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Where the student's server listens, or where the checker listens for the student's client. */
    public InetSocketAddress address() {
        return address;
    }

    /** Server stages: connects to the student's server, waiting while it starts. */
    public Socket connect() throws IOException, StageFailure {
        String expected = "your server to listen on " + format(address);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(address, (int) Math.max(1, remainingMillis(deadline)));
                return opened(socket);
            } catch (ConnectException | SocketTimeoutException notYet) {
                socket.close();
                if (program != null && !program.alive()) {
                    throw new StageFailure(expected, program.exit() + " before it listened",
                            "a server runs until it is stopped: is there an exception above? does it bind the port in the environment variable PORT?");
                }
                if (remainingMillis(deadline) <= RETRY_MILLIS) {
                    throw new StageFailure(expected, "nothing listening there after " + seconds(),
                            program == null ? "start your server first, or give check the COMMAND that starts it"
                                    : "bind to 127.0.0.1 and the port in the environment variable PORT (or put {port} in COMMAND), then listen()");
                }
                pause();
            }
        }
    }

    /** Client stages: waits for the student's client to connect to the checker. */
    public Socket accept() throws IOException, StageFailure {
        String expected = "your client to connect to " + format(address);
        long deadline = System.nanoTime() + timeout.toNanos();
        // accept() in short slices, so that a client that has already exited is reported at once
        listener.setSoTimeout((int) RETRY_MILLIS);
        while (true) {
            try {
                return opened(listener.accept());
            } catch (SocketTimeoutException notYet) {
                if (!program.alive()) {
                    throw new StageFailure(expected, program.exit() + " without connecting",
                            "connect to 127.0.0.1 and the port in the environment variable PORT (or put {port} in COMMAND)");
                }
                if (remainingMillis(deadline) <= 0) {
                    throw new StageFailure(expected, "no connection within " + seconds(),
                            "connect to 127.0.0.1 and the port in the environment variable PORT (or put {port} in COMMAND)");
                }
            }
        }
    }

    private Socket opened(Socket socket) throws IOException {
        sockets.add(socket);
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    public void send(Socket socket, String text) throws IOException, StageFailure {
        send(socket, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes}. A program that stops reading would block this write forever (Java's
     * sockets have no send timeout), so a deadline closes the socket when the timeout is up. A
     * program that hung up makes the write fail: that is not reported here but by the next
     * read, which then says "the end of the connection" the same way every time.
     */
    public void send(Socket socket, byte[] bytes) throws IOException, StageFailure {
        Deadline deadline = deadlines.start(socket, timeout);
        try {
            socket.getOutputStream().write(bytes);
        } catch (IOException e) {
            if (deadline.expired()) {
                throw new StageFailure("your program to read the " + bytes.length + " bytes sent",
                        "it stopped reading: they were not all taken within " + seconds());
            }
        } finally {
            deadline.close();
        }
    }

    /** Reads exactly {@code text}'s bytes; fails as soon as they differ. */
    public void expect(Socket socket, String text) throws IOException, StageFailure {
        byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
        byte[] got = read(socket, wanted.length, quote(wanted), wanted);
        if (!Arrays.equals(got, wanted)) {
            throw new StageFailure(quote(wanted), quote(got));
        }
    }

    /** Reads exactly {@code n} bytes, described to the student as {@code what}. */
    public byte[] read(Socket socket, int n, String what) throws IOException, StageFailure {
        return read(socket, n, what, null);
    }

    private byte[] read(Socket socket, int n, String what, byte[] wanted) throws IOException, StageFailure {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[64 * 1024];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got.size() < n) {
            int count;
            try {
                socket.setSoTimeout((int) Math.max(1, remainingMillis(deadline)));
                count = in.read(buf, 0, Math.min(buf.length, n - got.size()));
            } catch (SocketTimeoutException e) {
                throw new StageFailure(what, (got.size() == 0 ? "" : quote(got.toByteArray()) + " and then ")
                        + "nothing within " + seconds());
            } catch (IOException e) {
                count = -1; // reset: the program hung up (or was gone) with bytes unread, a hang-up all the same
            }
            if (count == -1) {
                throw new StageFailure(what, (got.size() == 0 ? "" : quote(got.toByteArray()) + " and then ")
                        + "the end of the connection");
            }
            got.write(buf, 0, count);
            if (wanted != null && !Arrays.equals(got.toByteArray(), 0, got.size(), wanted, 0, got.size())) {
                return got.toByteArray(); // already different: no need to wait for the rest
            }
        }
        return got.toByteArray();
    }

    /** Expects the other side to hang up (read returns end of stream) with nothing more said. */
    public void expectEnd(Socket socket, String what) throws IOException, StageFailure {
        InputStream in = socket.getInputStream();
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] buf = new byte[1024];
            int count = in.read(buf);
            if (count != -1) {
                throw new StageFailure(what, "more bytes: " + quote(Arrays.copyOf(buf, count)));
            }
        } catch (SocketTimeoutException e) {
            throw new StageFailure(what, "the connection still open after " + seconds());
        } catch (IOException e) {
            // a reset is a hang-up too (the program closed with unread bytes, or was killed)
        }
    }

    /** Waits until the student's program prints a line containing {@code text}. */
    public void expectPrinted(String text) throws StageFailure, InterruptedException {
        if (program == null) {
            return; // a server the student started: the checker does not see its output
        }
        String expected = "your program to print " + quote(text.getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!program.printed(text)) {
            if (!program.alive()) {
                if (program.printedAfterExit(text)) {
                    return;
                }
                throw new StageFailure(expected, program.exit() + ", " + lastPrinted());
            }
            if (remainingMillis(deadline) <= 0) {
                throw new StageFailure(expected, lastPrinted() + " within " + seconds());
            }
            pause();
        }
    }

    private String lastPrinted() {
        String last = program.lastLine();
        return last == null ? "nothing printed" : "last printed " + quote(last.getBytes(StandardCharsets.UTF_8));
    }

    /** Client stages: types a line at the student's program, as a user at its prompt. */
    public void type(String line) throws IOException {
        program.type(line);
    }

    /** Client stages: ends the program's input (Ctrl+D). */
    public void endInput() throws IOException {
        program.endInput();
    }

    /** Bytes for a student to read: UTF-8 text in quotes, control characters escaped (lesson01's {@link PeerText}). */
    public static String quote(byte[] bytes) {
        return PeerText.quote(new String(bytes, StandardCharsets.UTF_8));
    }

    static String format(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private String seconds() {
        return timeout.toSeconds() + " s";
    }

    private static long remainingMillis(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hangs up every connection of this stage (after the program was ended: see {@link StudentProgram#close()}). */
    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (listener != null) {
            listener.close();
        }
        deadlines.close();
    }
}
