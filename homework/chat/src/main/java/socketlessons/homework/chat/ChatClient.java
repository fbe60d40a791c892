package socketlessons.homework.chat;

import socketlessons.basics.PeerText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.homework.Messages;
import socketlessons.homework.friends.Colors;

/**
 * §10.2 the chat client: connects (so a missing server is said before you type a password),
 * asks for the password (not echoed at a terminal), logs in, then sends what you type
 * ({@code @bob hello} to bob, {@code hello} to everyone, {@code /who}, {@code /quit} or {@code q})
 * while a reader thread shows what arrives, each friend's name in its own colour, and
 * acknowledges each private message after showing it, once: a repeat (same id) is dropped.
 *
 * <p>The keyboard and the connection each have a thread that turns what happens into events
 * for the main loop, so a connection that ends (the server stopped, another login took over)
 * is noticed at once, not at the next line typed: one line on standard error, exit 1.
 */
public final class ChatClient {

    private static final String[] PALETTE = {"31", "32", "33", "34", "35", "36"};
    private static final String TAKEN_OVER = "logged in on another connection: this one is closed";

    /** What the main loop waits for: a line typed, the end of typing, or the connection's end. */
    private sealed interface Event permits Typed, EndOfInput, Lost {
    }

    private record Typed(String line) implements Event {
    }

    private record EndOfInput() implements Event {
    }

    private record Lost(String why) implements Event {
    }

    private final Console console;
    private final boolean color;
    private final Set<Long> seen = new HashSet<>();
    private final StringBuilder who = new StringBuilder(); // the pages of one /who answer so far
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean quitting;
    private volatile String closedBecause; // what the server said before it closed, if anything

    public ChatClient(Console console, boolean color) {
        this.console = console;
        this.color = color;
    }

    /** {@code chat-client}: the IDE's Run button, no arguments: 127.0.0.1:9000 as your login name (lower-cased). */
    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** What {@link #main} runs: {@code chat-client} with {@code args}. */
    static int run(Console console, String... args) {
        return Launcher.run(console, Cli.prepend("chat-client", args));
    }

    /** Connects, asks for the password, registers first if asked, logs in, and chats until q, /quit or end of input. */
    public int run(InetSocketAddress server, String user, boolean register) throws IOException, InterruptedException {
        try (Socket sk = new Socket()) {
            sk.connect(server, 5_000); // refused? said now, before the password is typed
            Frames frames = new Frames(sk);
            String password = console.readPassword("password for " + user + ": ");
            if (password == null) {
                console.err.println("error: no password given (type it, or pipe it in: echo PASSWORD | ... chat-client)");
                return 1;
            }
            if (register && !answeredOk(frames, Messages.message("register").put("user", user).put("password", password))) {
                return 1;
            }
            if (!answeredOk(frames, Messages.message("login").put("user", user).put("password", password))) {
                return 1;
            }
            Thread reader = start(() -> show(frames), "chat reader");
            start(this::type, "chat keyboard");
            int exit = chat(frames, sk);
            reader.join(5_000); // after a quit: what the server sent before it closed is shown
            return exit;
        }
    }

    /** Sends a request and shows its answer: on standard output when it is ok, as an error otherwise. */
    private boolean answeredOk(Frames frames, ObjectNode request) throws IOException {
        frames.send(request);
        ObjectNode answer = frames.receive();
        if (answer == null) {
            console.err.println("error: the server closed the connection");
            return false;
        }
        String message = PeerText.shown(answer.path("message").asText());
        if (!"ok".equals(answer.path("type").asText())) {
            console.err.println("error: " + message);
            return false;
        }
        console.out.println(message);
        return true;
    }

    private int chat(Frames frames, Socket sk) throws InterruptedException {
        long next = 1;
        while (true) {
            Event event = events.take();
            if (event instanceof Lost lost) {
                console.err.println("error: " + lost.why());
                return 1;
            }
            String line = event instanceof Typed typed ? typed.line() : "q";
            try {
                if (line.equalsIgnoreCase("q") || line.equals("/quit")) {
                    quitting = true;
                    frames.send(Messages.message("quit"));
                    sk.shutdownOutput();
                    return 0;
                }
                if (line.equals("/who")) {
                    frames.send(Messages.message("who"));
                } else if (line.startsWith("@") && line.contains(" ")) {
                    int space = line.indexOf(' ');
                    frames.send(Messages.message("send").put("id", next++).put("to", line.substring(1, space)).put("text", line.substring(space + 1)));
                } else if (!line.isBlank()) {
                    frames.send(Messages.message("send").put("id", next++).put("to", "*").put("text", line));
                }
            } catch (IOException e) {
                // The server went away between two lines: the reader says why (it sees the end too).
                Event reason = events.poll(5, TimeUnit.SECONDS);
                while (reason != null && !(reason instanceof Lost)) {
                    reason = events.poll(5, TimeUnit.SECONDS);
                }
                console.err.println("error: " + (reason instanceof Lost lost ? lost.why() : "lost the connection to the server (" + Cli.describe(e) + ")"));
                return 1;
            }
        }
    }

    private void type() {
        try {
            String line;
            while ((line = console.in.readLine()) != null) {
                events.add(new Typed(line));
            }
        } catch (IOException e) {
            // the keyboard is gone: as good as the end of input
        }
        events.add(new EndOfInput());
    }

    private void show(Frames frames) {
        try {
            ObjectNode message;
            while ((message = frames.receive()) != null) {
                String type = message.path("type").asText();
                switch (type) {
                    case "message" -> {
                        long id = message.path("id").asLong();
                        if (id == 0 || seen.add(id)) {
                            String from = message.path("from").asText();
                            String to = message.path("to").asText();
                            // the sender's text, escapes visible: it cannot repaint the screen or forge a line
                            console.out.println(name(from) + (to.equals("*") ? " (to all)" : "") + ": " + PeerText.shown(message.path("text").asText()));
                        }
                        if (id != 0) {
                            frames.send(Messages.message("ack").put("id", id)); // after showing it: now it may be forgotten
                        }
                    }
                    case "status" -> console.out.println("(" + PeerText.shown(message.path("status").asText()) + ")");
                    case "notice" -> {
                        String text = message.path("text").asText();
                        if (text.equals(TAKEN_OVER)) {
                            closedBecause = text; // said once, as the error this client ends with
                        } else {
                            console.out.println("* " + PeerText.shown(text));
                        }
                    }
                    case "who" -> {
                        for (JsonNode name : message.path("online")) {
                            who.append(who.length() == 0 ? "" : ", ").append(name(name.asText()));
                        }
                        if (message.path("next").isTextual()) { // more than one page: ask for the next
                            frames.send(Messages.message("who").put("after", message.path("next").asText()));
                        } else {
                            console.out.println("online: " + who);
                            who.setLength(0);
                        }
                    }
                    default -> console.out.println(PeerText.shown(type) + ": " + PeerText.shown(message.path("message").asText()));
                }
            }
            if (!quitting) {
                events.add(new Lost(closedBecause != null ? closedBecause
                        : "the server closed the connection (it stopped, or cut this client off)"));
            }
        } catch (IOException e) {
            if (!quitting) {
                events.add(new Lost(closedBecause != null ? closedBecause : "lost the connection to the server (" + Cli.describe(e) + ")"));
            }
        }
    }

    private static Thread start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private String name(String user) {
        return Colors.paint(color, PALETTE[Math.floorMod(user.hashCode(), PALETTE.length)], PeerText.shown(user));
    }
}
