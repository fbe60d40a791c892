package socketlessons.sticky.check;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Option;
import socketlessons.basics.check.Session;
import socketlessons.basics.check.Stage;
import socketlessons.basics.check.StageFailure;

/**
 * lesson04's exercise, §6.2: a framed echo server. Each frame (a 4-byte length, then that many
 * bytes) comes back as the same frame, however the stream is cut: glued, split byte by byte,
 * cut inside a UTF-8 character, 1 MiB long. A negative or huge length is refused (the server
 * hangs up) and the next client is served.
 */
public final class FramedEchoStages {

    /** How long the byte-by-byte stage waits between bytes, so that each arrives on its own. */
    private static final long BYTE_PAUSE_MILLIS = 20;
    private static final int ONE_MIB = 1 << 20;

    static final String FIX = "see lesson04's README, \"The fix: a length prefix\"";
    static final String BUGS = "see lesson04's README, \"The classroom's bugs (§6.2 classroom code)\"";

    /** {@code --byte-order}, the check command's own option in lesson04 and lesson05 (a picocli mixin). */
    public static final class Order {
        /** The length's byte order: big is network order ('!i'), little the course's struct.pack('i') on x86. */
        public enum Choice { BIG, LITTLE }

        @Option(names = "--byte-order", defaultValue = "big",
                description = "the 4-byte length's byte order: ${COMPLETION-CANDIDATES} (any case); big is Python's '!i',"
                        + " little the course's struct.pack('i') on x86 (default: ${DEFAULT-VALUE})")
        Choice choice;

        public ByteOrder byteOrder() {
            return choice == Choice.LITTLE ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        }
    }

    private final ByteOrder order;

    FramedEchoStages(ByteOrder order) {
        this.order = order;
    }

    /** What lesson04's {@code check} runs: these server stages, then {@link FramedClientStages}' client stages. */
    public static List<Stage> serverAndClient(ByteOrder order) {
        List<Stage> stages = new ArrayList<>(all(order));
        stages.addAll(FramedClientStages.all(order));
        return List.copyOf(stages);
    }

    /** The stages, with the length prefix in {@code order} (big: '!i'; little: the course's struct.pack('i') on x86). */
    public static List<Stage> all(ByteOrder order) {
        FramedEchoStages frames = new FramedEchoStages(order);
        String pack = order == ByteOrder.BIG_ENDIAN ? "struct.pack('!i', n)" : "struct.pack('<i', n)";
        String orderHint = order == ByteOrder.BIG_ENDIAN
                ? " (a server in the course's struct.pack('i') order, little-endian on x86, is checked with --byte-order little)"
                : " (checked with --byte-order little: the course's struct.pack('i') on x86)";
        return List.of(
                Stage.server("echoes one frame", "a frame (4-byte length, then the body) comes back as the same frame",
                        "§6.2: read exactly 4 bytes, unpack n, read exactly n bytes, send back " + pack + " + body; " + FIX + orderHint,
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, frames.frame(text("hello")));
                            frames.expectFrame(session, socket, text("hello"));
                        }),
                Stage.server("two frames in one write", "two frames glued in one write come back as two frames (粘包)",
                        "one recv may hold two frames: keep what is left after the first for the next; " + FIX,
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, concat(frames.frame(text("ab")), frames.frame(text("cde"))));
                            frames.expectFrame(session, socket, text("ab"));
                            frames.expectFrame(session, socket, text("cde"));
                        }),
                Stage.server("a frame split byte by byte", "a frame sent one byte per write comes back whole (拆包)",
                        "recv(4) may return 1 to 3 bytes and recv(n) fewer than n: loop until you have them all (recv_exactly); " + BUGS,
                        session -> {
                            Socket socket = session.connect();
                            socket.setTcpNoDelay(true); // each byte leaves in a segment of its own
                            for (byte b : frames.frame(text("split me"))) {
                                session.send(socket, new byte[] {b});
                                Thread.sleep(BYTE_PAUSE_MILLIS);
                            }
                            frames.expectFrame(session, socket, text("split me"));
                        }),
                Stage.server("a UTF-8 character cut between writes", "\"你好\" cut inside 你 (3 bytes in UTF-8) comes back as the same 6 bytes",
                        "count bytes, not characters, and decode (if at all) only a whole body: 你 is 3 bytes; " + FIX,
                        session -> {
                            Socket socket = session.connect();
                            socket.setTcpNoDelay(true);
                            byte[] frame = frames.frame(text("你好"));
                            session.send(socket, Arrays.copyOf(frame, 5)); // the header and the first byte of 你
                            Thread.sleep(BYTE_PAUSE_MILLIS);
                            session.send(socket, Arrays.copyOfRange(frame, 5, frame.length));
                            frames.expectFrame(session, socket, text("你好"));
                        }),
                Stage.server("a 1 MiB frame", "a frame of 1 MiB comes back whole: it arrives in many pieces",
                        "one recv returns what the kernel holds, never more than its buffer: loop until n bytes; " + BUGS,
                        session -> {
                            Socket socket = session.connect();
                            byte[] body = numbered(ONE_MIB);
                            session.send(socket, frames.frame(body));
                            frames.expectFrame(session, socket, body);
                        }),
                Stage.server("refuses a negative length", "a length of -1 is refused: the server hangs up, then serves the next client",
                        "never trust a length: refuse n < 0 (and n above your maximum) and close that connection; see lesson04's README, \"The fix: a length prefix\" (Limits)",
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, frames.header(-1));
                            session.expectEnd(socket, "the server to hang up");
                            frames.echoesNextClient(session);
                        }),
                Stage.server("refuses a 2 GiB length", "a length of 2,147,483,647 followed by 10 bytes is refused at once, then the next client is served",
                        "refuse a length above your maximum before reading the body (ours: 16 MiB), or one peer's claim holds your memory or your thread; see lesson04's README, \"The fix: a length prefix\" (Limits)",
                        session -> {
                            Socket socket = session.connect();
                            session.send(socket, concat(frames.header(Integer.MAX_VALUE), text("0123456789")));
                            session.expectEnd(socket, "the server to hang up");
                            frames.echoesNextClient(session);
                        }));
    }

    private void echoesNextClient(Session session) throws Exception {
        Socket next = session.connect();
        session.send(next, frame(text("next")));
        expectFrame(session, next, text("next"));
    }

    byte[] header(int length) {
        return ByteBuffer.allocate(4).order(order).putInt(length).array();
    }

    byte[] frame(byte[] body) {
        return concat(header(body.length), body);
    }

    /** Reads one frame and compares it with {@code body}; says how the header or the body differed. */
    private void expectFrame(Session session, Socket socket, byte[] body) throws Exception {
        expectFrame(session, socket, body, "the echo of " + describe(body));
    }

    /** Reads one frame, described to the student as {@code wanted}, and compares it with {@code body}. */
    void expectFrame(Session session, Socket socket, byte[] body, String wanted) throws Exception {
        byte[] header = session.read(socket, 4, wanted + " (header " + hex(header(body.length)) + ")");
        int length = ByteBuffer.wrap(header).order(order).getInt();
        if (length != body.length) {
            throw new StageFailure("a header of " + hex(header(body.length)) + " (length " + body.length + ")",
                    "a header of " + hex(header) + " (length " + length + ")");
        }
        byte[] got = session.read(socket, length, wanted);
        int differs = Arrays.mismatch(got, body);
        if (differs >= 0) {
            throw new StageFailure(wanted, body.length <= 64 ? describe(got)
                    : length + " bytes that differ from byte " + differs + " on");
        }
    }

    static String describe(byte[] body) {
        return body.length <= 64 ? Session.quote(body) : "a body of " + body.length + " bytes";
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code size} bytes of numbered lines ("000001\n000002\n..."): a piece lost or repeated shows where.
     * The number is padded by hand: String.format, 150,000 times, took seconds of CPU per check.
     */
    static byte[] numbered(int size) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream(size + 8);
        for (int i = 1; lines.size() < size; i++) {
            String number = Integer.toString(i);
            lines.writeBytes(("000000".substring(Math.min(6, number.length())) + number + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return Arrays.copyOf(lines.toByteArray(), size);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
