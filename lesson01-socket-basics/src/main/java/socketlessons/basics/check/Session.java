package socketlessons.basics.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
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
    /** On loopback the kernel's "port unreachable" comes back at once; silence this long means delivered. */
    private static final long UNREACHABLE_WAIT_MILLIS = 200;

    private final InetSocketAddress address;
    private final Duration timeout;
    private final Duration startTimeout;    // the first wait of a stage: the program may still be starting
    private boolean reached;                // the program has been reached once this stage
    private final StudentProgram program;   // null: a server the student started (check server --port N)
    private final ServerSocket listener;    // client stages: where the student's client connects
    private final DatagramSocket datagramListener; // client stages: where a UDP client sends (the same port)
    private final List<Socket> sockets = new ArrayList<>();
    private final List<DatagramSocket> datagramSockets = new ArrayList<>();
    private final List<Early> answers = new ArrayList<>();
    private final Deadlines deadlines = new Deadlines("check: send deadline");

    Session(InetSocketAddress address, Duration timeout, Duration startTimeout, StudentProgram program, ServerSocket listener,
            DatagramSocket datagramListener) {
        this.address = address;
        this.timeout = timeout;
        this.startTimeout = startTimeout;
        this.program = program;
        this.listener = listener;
        this.datagramListener = datagramListener;
        if (datagramListener != null) {
            datagramSockets.add(datagramListener);
        }
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
        Duration wait = untilReached();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(address, (int) Math.max(1, remainingMillis(deadline)));
                return opened(socket);
            } catch (ConnectException | SocketTimeoutException notYet) {
                socket.close();
                if (program != null && !program.alive() && sockets.isEmpty()) {
                    throw new StageFailure(expected, program.exit() + " before it listened",
                            "a server runs until it is stopped: is there an exception above? does it bind the port in the environment variable PORT?");
                }
                if (program != null && !program.alive()) {
                    throw new StageFailure("your server to take a next connection", program.exit() + " after the last one");
                }
                if (remainingMillis(deadline) <= RETRY_MILLIS) {
                    throw new StageFailure(expected, "nothing listening there after " + seconds(wait),
                            program == null ? "start your server first, or give check the COMMAND that starts it"
                                    : "bind to 127.0.0.1 and the port in the environment variable PORT (or put {port} in COMMAND), then listen()");
                }
                pause();
            }
        }
    }

    /** True once the program the checker started has ended (false for a server the student started). */
    public boolean programEnded() {
        return program != null && !program.alive();
    }

    /** Client stages: waits for the student's client to connect to the checker. */
    public Socket accept() throws IOException, StageFailure {
        String expected = "your client to connect to " + format(address);
        Duration wait = untilReached();
        long deadline = System.nanoTime() + wait.toNanos();
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
                    throw new StageFailure(expected, "no connection within " + seconds(wait),
                            "connect to 127.0.0.1 and the port in the environment variable PORT (or put {port} in COMMAND)");
                }
            }
        }
    }

    private Socket opened(Socket socket) throws IOException {
        reached = true;
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
                throw new StageFailure(what, (got.size() == 0 ? "" : describe(got.toByteArray()) + " and then ")
                        + "nothing within " + seconds());
            } catch (IOException e) {
                count = -1; // reset: the program hung up (or was gone) with bytes unread, a hang-up all the same
            }
            if (count == -1) {
                throw new StageFailure(what, (got.size() == 0 ? "" : describe(got.toByteArray()) + " and then ")
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
                throw new StageFailure(what, "more bytes: " + describe(Arrays.copyOf(buf, count)));
            }
        } catch (SocketTimeoutException e) {
            throw new StageFailure(what, "the connection still open after " + seconds());
        } catch (IOException e) {
            // a reset is a hang-up too (the program closed with unread bytes, or was killed)
        }
    }

    /**
     * Hangs up as a polite client does while the program serves on: says it is done
     * ({@code shutdownOutput}: the program's {@code recv} returns {@code b''}), reads and drops
     * what the program still sends until it closes its end (at most the timeout), then closes.
     * A plain close with bytes unread resets the connection (RST): the program's next {@code recv}
     * or {@code send} may raise ConnectionResetError (WinError 10054 on Windows) instead of
     * seeing the end, and a server that does not catch it ends before its next client.
     */
    public void hangUp(Socket socket) throws IOException {
        try (socket) {
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            long deadline = System.nanoTime() + timeout.toNanos();
            long left;
            while ((left = remainingMillis(deadline)) > 0) {
                socket.setSoTimeout((int) left);
                if (in.read(buf) == -1) {
                    return;
                }
            }
        } catch (SocketTimeoutException | SocketException stillOpenOrGone) {
            // the program kept its end open, or had gone: the connection is ours to close either way
        }
    }

    /**
     * UDP stages: a socket of the checker's own, on a port of its own (so each one is a different
     * sender to the program), connected to the program's address: only the program's datagrams
     * come in, and a "port unreachable" from the kernel is reported to it.
     */
    public DatagramSocket datagramSocket() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Checker.HOST, 0));
        datagramSockets.add(socket);
        socket.connect(address);
        return socket;
    }

    /**
     * Client stages for a UDP client: the checker's socket on the port the client was told (PORT),
     * bound before the client started, not connected: it receives from any sender, and
     * {@link #expectDatagram} says who sent, for the answer.
     */
    public DatagramSocket datagramListener() throws StageFailure {
        if (datagramListener == null) {
            throw new StageFailure("the checker to receive UDP on " + format(address), "that port taken for UDP by another program",
                    "give check client another --port, or none (the checker then picks one)");
        }
        return datagramListener;
    }

    /**
     * Sends one datagram. While nothing is bound at the program's port yet (it is starting) the
     * kernel answers "port unreachable" (ICMP), and the datagram is sent again; silence for a
     * moment means it was delivered. (Windows does not report it: there a datagram sent before
     * the program bound its port is lost, and the stage waits for an answer that never comes.)
     */
    public void sendDatagram(DatagramSocket socket, String text) throws IOException, StageFailure {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Duration wait = untilReached();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            socket.send(new DatagramPacket(bytes, bytes.length));
            try {
                socket.setSoTimeout((int) UNREACHABLE_WAIT_MILLIS);
                DatagramPacket early = new DatagramPacket(new byte[65_535], 65_535);
                socket.receive(early);
                answers.add(new Early(socket, Arrays.copyOf(early.getData(), early.getLength()), early.getSocketAddress()));
                reached = true;
                return;
            } catch (SocketTimeoutException delivered) {
                reached = true;
                return;
            } catch (PortUnreachableException notYet) {
                if (program != null && !program.alive()) {
                    throw new StageFailure("your server to receive on " + format(address), program.exit() + " before it bound the port",
                            "a server runs until it is stopped: is there an exception above? does it bind the port in the environment variable PORT?");
                }
                if (remainingMillis(deadline) <= RETRY_MILLIS) {
                    throw new StageFailure("your server to receive on " + format(address), "nothing bound there after " + seconds(wait),
                            "bind a SOCK_DGRAM socket to 127.0.0.1 and the port in the environment variable PORT (or put {port} in COMMAND)");
                }
                pause();
            }
        }
    }

    /** Expects one datagram on {@code socket} carrying exactly {@code text}; returns its sender (recvfrom's address). */
    public SocketAddress expectDatagram(DatagramSocket socket, String text) throws IOException, StageFailure {
        byte[] got = null;
        SocketAddress sender = null;
        for (Early early : answers) {
            if (early.socket() == socket) {
                answers.remove(early);
                got = early.bytes();
                sender = early.sender();
                break;
            }
        }
        if (got == null) {
            DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
            Duration wait = socket == datagramListener ? untilReached() : timeout; // a UDP client's first datagram: it may still be starting
            try {
                receive(socket, packet, wait);
            } catch (SocketTimeoutException e) {
                throw new StageFailure("a datagram " + quote(text.getBytes(StandardCharsets.UTF_8)),
                        program != null && !program.alive() ? program.exit() + " without sending it" : "nothing within " + seconds(wait));
            } catch (PortUnreachableException e) {
                throw new StageFailure("a datagram " + quote(text.getBytes(StandardCharsets.UTF_8)), "\"port unreachable\": your program no longer receives");
            }
            got = Arrays.copyOf(packet.getData(), packet.getLength());
            sender = packet.getSocketAddress();
        }
        if (!Arrays.equals(got, text.getBytes(StandardCharsets.UTF_8))) {
            throw new StageFailure("a datagram " + quote(text.getBytes(StandardCharsets.UTF_8)), "a datagram " + quote(got));
        }
        return sender;
    }

    /**
     * Waits for one datagram for {@code wait}; on the {@link #datagramListener} (a UDP client)
     * in short slices, so that a client that has exited is reported at once. What it sent before
     * it exited is in the socket's buffer already (on loopback a send is delivered at once), so
     * one last look is taken first.
     */
    private void receive(DatagramSocket socket, DatagramPacket packet, Duration wait) throws IOException {
        if (socket != datagramListener || program == null) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.receive(packet);
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        socket.setSoTimeout((int) RETRY_MILLIS);
        while (true) {
            boolean exited = !program.alive();
            try {
                socket.receive(packet);
                reached = true;
                return;
            } catch (SocketTimeoutException notYet) {
                if (exited || remainingMillis(deadline) <= 0) {
                    throw notYet;
                }
            }
        }
    }

    /** A datagram that came while {@link #sendDatagram} listened for "port unreachable". */
    private record Early(DatagramSocket socket, byte[] bytes, SocketAddress sender) {
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

    /** Client stages: waits until the student's program ends by itself ({@code what}: after which step). */
    public void expectExit(String what) throws StageFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (program.alive()) {
            if (remainingMillis(deadline) <= 0) {
                throw new StageFailure("your program to end " + what, "it still runs after " + seconds());
            }
            pause();
        }
    }

    private String lastPrinted() {
        String last = program.lastLine();
        return last == null ? "nothing printed" : "last printed " + quote(last.getBytes(StandardCharsets.UTF_8));
    }

    /** Types a line at the student's program, as its user at the keyboard (a chat server's answer, a client's message). */
    public void type(String line) throws IOException, StageFailure {
        if (program == null) {
            throw new StageFailure("to type at your server's keyboard", "a server started outside the checker",
                    "this stage types answers at your server: give check the COMMAND that starts it instead of --port");
        }
        try {
            program.type(line);
        } catch (IOException closed) {
            throw new StageFailure("your program to read the lines typed", "its standard input closed: it has ended",
                    "a program runs until q or the end of its input: is there an exception above?");
        }
    }

    /** Client stages: ends the program's input (Ctrl+D). */
    public void endInput() throws IOException {
        program.endInput();
    }

    /** Bytes for a student to read: UTF-8 text in quotes, control characters escaped (lesson01's {@link PeerText}). */
    public static String quote(byte[] bytes) {
        return PeerText.quote(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Text in quotes (see {@link #quote}), or only how many bytes for bytes that are not text (an HMAC, a header). */
    public static String describe(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.chars().allMatch(c -> c >= ' ' || c == '\n' || c == '\r' || c == '\t')) {
                return quote(bytes);
            }
        } catch (java.nio.charset.CharacterCodingException notText) {
            // below
        }
        return bytes.length + (bytes.length == 1 ? " byte" : " bytes");
    }

    static String format(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private String seconds() {
        return seconds(timeout);
    }

    private static String seconds(Duration wait) {
        return wait.toSeconds() + " s";
    }

    /** The wait for a connection or a delivery: the start timeout until the program was reached once, then the timeout. */
    private Duration untilReached() {
        return reached ? timeout : startTimeout;
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
        for (DatagramSocket socket : datagramSockets) {
            socket.close();
        }
        if (listener != null) {
            listener.close();
        }
        deadlines.close();
    }
}
