package socketlessons.homework.friends;

import socketlessons.basics.PeerText;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The server's side of one §10.1 conversation, without the socket plumbing: read the client's
 * JSON messages, show {@code name: msg} in the friend's colour, answer from the console.
 *
 * <p>What the notes' {@code chat(conn)} got wrong, and what this does instead:
 * an unknown id raised {@code KeyError} and killed the server; here the client is told that
 * we do not know it, and the conversation goes on. Two messages in one {@code recv} broke
 * {@code json.loads}; here a {@link StreamingJsonReader} finds where each object ends.
 */
public final class FriendsChat {

    private final FriendBook book;
    private final boolean color;
    private final BufferedReader console;
    private final PrintWriter screen;

    public FriendsChat(FriendBook book, boolean color, BufferedReader console, PrintWriter screen) {
        this.book = book;
        this.color = color;
        this.console = console;
        this.screen = screen;
    }

    /** Talks until a {@code q} from either side, or until the client goes; who the peer is goes in messages. */
    public void talk(InputStream in, OutputStream out, String peer) throws IOException {
        StreamingJsonReader reader = new StreamingJsonReader(in);
        while (true) {
            JsonNode message;
            try {
                message = reader.next();
            } catch (JacksonException | CharacterCodingException e) {
                // Not JSON, not UTF-8, too big, or the client vanished inside an object: we cannot
                // find the next message boundary any more, so this conversation ends.
                String why = e instanceof JacksonException json ? json.getOriginalMessage() : "bytes that are not UTF-8";
                screen.println(peer + " sent something that is not a JSON message (" + PeerText.shown(why) + "); closing");
                send(out, "error: not a JSON message; closing");
                return;
            }
            if (message == null) {
                screen.println(peer + " closed the connection");
                return;
            }
            JsonNode id = message.get("id");
            JsonNode msg = message.get("msg");
            if (id == null || !id.isValueNode() || msg == null || !msg.isTextual()) {
                screen.println(peer + " sent a message without \"id\" and \"msg\": " + PeerText.shown(message.toString()));
                send(out, "error: a message needs \"id\" and \"msg\"");
                continue;
            }
            Optional<Friend> sender = book.find(id.asText());
            if (sender.isEmpty()) {
                // Everything the peer chose is shown with its escapes visible: no forged lines, no repainted screen.
                screen.println(peer + " says it is " + PeerText.shown(id.asText()) + ", who is not in the friends table: "
                        + PeerText.shown(msg.asText()));
                send(out, "I do not know who " + id.asText() + " is");
                continue;
            }
            Friend friend = sender.get();
            if (msg.asText().equalsIgnoreCase("q")) {
                screen.println(friend.name() + "已经下线");
                return;
            }
            screen.println(Colors.paint(color, friend.color(), friend.name() + ": " + PeerText.shown(msg.asText())));

            screen.print(">>>");
            screen.flush();
            String answer = console.readLine();
            if (answer == null) {
                answer = "q"; // end of input on our console ends the conversation, as q does
            }
            send(out, answer);
            if (answer.equalsIgnoreCase("q")) {
                screen.println("你已经断开和" + friend.name() + "的聊天！");
                return;
            }
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
