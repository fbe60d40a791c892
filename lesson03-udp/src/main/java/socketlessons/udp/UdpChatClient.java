package socketlessons.udp;

import socketlessons.basics.PeerText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Endpoint;

/**
 * §5.1 client.py, with what the notes could not solve: each line goes as one datagram to the
 * server, and the client waits for the answer, but not forever. A datagram to a port where
 * nobody listens is lost (or draws an ICMP "port unreachable", which Windows reports on the
 * next {@code recvfrom} as WinError 10054), so the wait has a timeout and a clear message.
 *
 * <p>A lost datagram makes a second problem: the answer to message 1 may come after its
 * timeout, while the client waits for the answer to message 2. So messages are numbered, as
 * stop-and-wait numbers them ({@code 1|你好}), the server answers with the same number, and an
 * answer is shown as the answer to the message it answers ("late" when its time was up). The
 * keyboard is read all the while on a thread of its own: a line typed while the client waits
 * is sent at once, and {@code q} quits at once. {@code --course-wire} sends bare text, as the
 * course's client does; an answer is then taken for the oldest message still waiting.
 */
public final class UdpChatClient {

    /** What happened, in the order it happened; only the loop in {@link #talk} prints. */
    private sealed interface Event permits Typed, InputEnded, Answer, Unreachable {
    }

    private record Typed(String line) implements Event {
    }

    private record InputEnded() implements Event {
    }

    /** {@code seq} null: an answer without a number (the course's server). */
    private record Answer(Long seq, String text) implements Event {
    }

    private record Unreachable() implements Event {
    }

    private final InetSocketAddress server;
    private final Duration timeout;
    private final boolean courseWire;

    /**
     * @param timeout how long to wait for each answer; zero waits forever
     * @param courseWire send bare text, as the course's client does, instead of numbered messages
     */
    public UdpChatClient(InetSocketAddress server, Duration timeout, boolean courseWire) {
        this.server = server;
        this.timeout = timeout;
        this.courseWire = courseWire;
    }

    public UdpChatClient(InetSocketAddress server, Duration timeout) {
        this(server, timeout, false);
    }

    public void talk(BufferedReader console, PrintWriter screen) throws IOException {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (DatagramSocket sk = new DatagramSocket()) {
            if (!courseWire) {
                // connect() for UDP only fixes the peer: the kernel then reports ICMP errors to us
                // (PortUnreachableException) and drops datagrams from anyone else. But the JDK never
                // sends a zero-length datagram on a connected socket, so the course's wire, where
                // an empty line is an empty datagram, stays unconnected as the course's client does.
                sk.connect(server);
            }
            daemon("udp-client keyboard", () -> readKeyboard(console, events));
            daemon("udp-client receiver", () -> receiveAnswers(sk, server, events));

            Map<Long, String> waiting = new LinkedHashMap<>(); // number -> message, oldest first
            Map<Long, Long> deadlines = new LinkedHashMap<>(); // number -> System.nanoTime() deadline
            Map<Long, String> timedOut = new LinkedHashMap<>();
            long next = 1;
            prompt(screen);
            while (true) {
                Event event = deadlines.isEmpty() ? take(events)
                        : events.poll(Math.max(0, deadlines.values().iterator().next() - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) { // the oldest message's time is up
                    long seq = deadlines.keySet().iterator().next();
                    deadlines.remove(seq);
                    timedOut.put(seq, waiting.remove(seq));
                    screen.println("no answer to #" + seq + " within " + seconds(timeout)
                            + ": the message or the answer was lost, or the server is busy");
                } else if (isQuit(event)) {
                    return;
                } else if (event instanceof Typed t) {
                    long seq = next++;
                    byte[] bytes = (courseWire ? t.line() : new NumberedMessage(seq, t.line()).encode()).getBytes(StandardCharsets.UTF_8);
                    sk.send(new DatagramPacket(bytes, bytes.length, server)); // sendto; an empty line on the course's wire: an empty datagram
                    waiting.put(seq, t.line());
                    if (!timeout.isZero()) {
                        deadlines.put(seq, System.nanoTime() + timeout.toNanos());
                    }
                    continue; // no prompt until it is answered
                } else if (event instanceof Answer a) {
                    Long seq = a.seq() != null ? a.seq() : waiting.keySet().stream().findFirst().orElse(null);
                    if (seq != null && waiting.containsKey(seq)) {
                        String message = waiting.remove(seq);
                        deadlines.remove(seq);
                        boolean answersTheLast = seq == next - 1 && waiting.isEmpty();
                        screen.println(answersTheLast ? a.text() : "answer to #" + seq + " " + quoted(message) + ": " + a.text());
                    } else if (seq != null && timedOut.containsKey(seq)) {
                        screen.println("late answer to #" + seq + " " + quoted(timedOut.remove(seq)) + ": " + a.text());
                    } else {
                        screen.println("late answer: " + a.text()); // unnumbered, and nothing waits for it
                    }
                } else if (event instanceof Unreachable) {
                    screen.println("no server at " + format(server) + ": port unreachable (Windows: WinError 10054)");
                    waiting.clear(); // none of them arrived
                    deadlines.clear();
                }
                if (waiting.isEmpty()) {
                    prompt(screen);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void readKeyboard(BufferedReader console, BlockingQueue<Event> events) {
        try {
            String line;
            while ((line = console.readLine()) != null) {
                events.add(new Typed(line));
            }
        } catch (IOException e) {
            // the keyboard is gone: as good as ended
        }
        events.add(new InputEnded());
    }

    private static void receiveAnswers(DatagramSocket sk, InetSocketAddress server, BlockingQueue<Event> events) {
        byte[] buf = new byte[UdpChatServer.RECEIVE_BUFFER];
        while (!sk.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                sk.receive(packet);
            } catch (PortUnreachableException e) {
                events.add(new Unreachable());
                continue;
            } catch (IOException e) {
                return; // closed: the client quit
            }
            if (!packet.getSocketAddress().equals(server)) {
                continue; // unconnected (the course's wire): anyone may send to us; only the server answers
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            NumberedMessage numbered = NumberedMessage.parse(text);
            events.add(numbered == null ? new Answer(null, PeerText.shown(text))
                    : new Answer(numbered.seq(), PeerText.shown(numbered.text())));
        }
    }

    /** The input ended, or {@code q} (any case) was typed: quit at once, even while waiting. */
    private static boolean isQuit(Event event) {
        return event instanceof InputEnded || event instanceof Typed typed && typed.line().equalsIgnoreCase("q");
    }

    private static Event take(BlockingQueue<Event> events) throws InterruptedException {
        return events.take();
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true); // the keyboard's thread may still wait for a line when we quit
        thread.start();
    }

    private static void prompt(PrintWriter screen) {
        screen.print(">>> ");
        screen.flush();
    }

    private static String quoted(String message) {
        return "\"" + message + "\"";
    }

    /** {@code 30 s}, {@code 0.3 s}: the unit the option is given in. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }

    static String format(InetSocketAddress address) {
        return Endpoint.format(address);
    }

    /** Run from an IDE: the same as {@code java -jar lesson03-udp.jar client}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("client", args);
    }
}
