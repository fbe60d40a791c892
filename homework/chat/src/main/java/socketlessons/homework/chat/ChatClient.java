package socketlessons.homework.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import socketlessons.homework.friends.Colors;
import socketlessons.homework.friends.ScreenText;
import socketlessons.homework.Messages;

/**
 * §10.2 the chat client: logs in, then sends what you type ({@code @bob hello} to bob,
 * {@code hello} to everyone, {@code /who}, {@code /quit} or {@code q}) while a reader thread
 * shows what arrives, each friend's name in its own colour, and acknowledges each private
 * message after showing it, once: a repeat (same id) is dropped.
 */
public final class ChatClient {

    private static final String[] PALETTE = {"31", "32", "33", "34", "35", "36"};

    private final BufferedReader console;
    private final PrintWriter screen;
    private final boolean color;
    private final Set<Long> seen = new HashSet<>();
    private final StringBuilder who = new StringBuilder(); // the pages of one /who answer so far
    private volatile boolean quitting;

    public ChatClient(BufferedReader console, PrintWriter screen, boolean color) {
        this.console = console;
        this.screen = screen;
        this.color = color;
    }

    /** Connects, registers first if asked, logs in, and chats until q, /quit or end of input. Returns 0 when logged in. */
    /** {@code chat-client}: the IDE's Run button connects to 127.0.0.1:9000 as your login name; the password is the first line typed. */
    public static void main(String[] args) {
        Launcher.main(Launcher.prepend("chat-client", args));
    }

    public int run(InetSocketAddress server, String user, String password, boolean register) throws Exception {
        try (Socket sk = new Socket()) {
            sk.connect(server, 5_000);
            Frames frames = new Frames(sk);
            if (register) {
                frames.send(Messages.message("register").put("user", user).put("password", password));
                ObjectNode answer = frames.receive();
                screen.println(ScreenText.visible(answer.path("message").asText()));
                if (!"ok".equals(answer.path("type").asText())) {
                    return 1;
                }
            }
            frames.send(Messages.message("login").put("user", user).put("password", password));
            ObjectNode answer = frames.receive();
            screen.println(ScreenText.visible(answer.path("message").asText()));
            if (!"ok".equals(answer.path("type").asText())) {
                return 1;
            }
            Thread reader = new Thread(() -> show(frames), "chat-reader");
            reader.setDaemon(true);
            reader.start();
            long next = 1;
            String line;
            while ((line = console.readLine()) != null) {
                if (line.equalsIgnoreCase("q") || line.equals("/quit")) {
                    break;
                }
                if (line.equals("/who")) {
                    frames.send(Messages.message("who"));
                } else if (line.startsWith("@") && line.contains(" ")) {
                    int space = line.indexOf(' ');
                    frames.send(Messages.message("send").put("id", next++).put("to", line.substring(1, space)).put("text", line.substring(space + 1)));
                } else if (!line.isBlank()) {
                    frames.send(Messages.message("send").put("id", next++).put("to", "*").put("text", line));
                }
            }
            quitting = true;
            frames.send(Messages.message("quit"));
            sk.shutdownOutput();
            reader.join(5_000);
            return 0;
        }
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
                            screen.println(name(from) + (to.equals("*") ? " (to all)" : "") + ": " + ScreenText.visible(message.path("text").asText()));
                        }
                        if (id != 0) {
                            frames.send(Messages.message("ack").put("id", id)); // after showing it: now it may be forgotten
                        }
                    }
                    case "status" -> screen.println("(" + ScreenText.visible(message.path("status").asText()) + ")");
                    case "notice" -> screen.println("* " + ScreenText.visible(message.path("text").asText()));
                    case "who" -> {
                        for (JsonNode name : message.path("online")) {
                            who.append(who.length() == 0 ? "" : ", ").append(name(name.asText()));
                        }
                        if (message.path("next").isTextual()) { // more than one page: ask for the next
                            frames.send(Messages.message("who").put("after", message.path("next").asText()));
                        } else {
                            screen.println("online: " + who);
                            who.setLength(0);
                        }
                    }
                    default -> screen.println(ScreenText.visible(type) + ": " + ScreenText.visible(message.path("message").asText()));
                }
            }
        } catch (IOException e) {
            if (!quitting) {
                screen.println("connection lost: " + e.getMessage());
            }
        }
    }

    private String name(String user) {
        return Colors.paint(color, PALETTE[Math.floorMod(user.hashCode(), PALETTE.length)], ScreenText.visible(user));
    }
}
