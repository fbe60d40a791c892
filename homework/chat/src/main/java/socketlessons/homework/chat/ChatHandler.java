package socketlessons.homework.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import socketlessons.basics.Deadlines;
import socketlessons.homework.Messages;
import socketlessons.socketserver.BaseRequestHandler;
import socketlessons.socketserver.BaseServer;

/**
 * One client's connection, on lesson07's threading server: reads frames, answers each. A
 * frame that is not a usable message gets an error and the conversation goes on; a frame that
 * breaks the framing (a bad length, a connection gone mid-frame) ends this connection only.
 * A frame must arrive whole within a deadline from its first byte (a client that drips one
 * byte a second is cut off); silence between frames is lesson07's timeout. This thread only
 * reads; what goes out waits in the connection's {@link Outbox}.
 */
public final class ChatHandler extends BaseRequestHandler<Socket> {

    /** How long the last answers may take to go out before lesson07 closes the connection. */
    private static final Duration LAST_WORDS = Duration.ofSeconds(5);

    private final ChatService service;

    public ChatHandler(ChatService service) {
        this.service = service;
    }

    @Override
    protected void handle() throws Exception {
        Messages messages = new Messages(request.getInputStream(), request.getOutputStream());
        String address = BaseServer.format(clientAddress);
        Outbox outbox = service.openOutbox(request, messages, address);
        ChatService.Session session = null;
        try {
            while (true) {
                ObjectNode message;
                try {
                    message = nextFrame(messages);
                } catch (Messages.BadMessage e) {
                    answer(outbox, Messages.error(e.getMessage()));
                    continue;
                } catch (FrameTooSlow e) {
                    service.frameTooSlow(session == null ? address : address + " (" + session.user + ")");
                    return;
                } catch (IOException e) {
                    if (request.isClosed()) {
                        // Closed by this connection's outbox: cut off (logged there), taken over by a
                        // newer login, or its writer found the client gone. Nothing more to say.
                        return;
                    }
                    throw e;
                }
                if (message == null || "quit".equals(Messages.text(message, "type"))) {
                    return;
                }
                String type = String.valueOf(Messages.text(message, "type"));
                if (type.equals("register") || type.equals("login")) {
                    String user = Messages.text(message, "user");
                    String password = Messages.text(message, "password");
                    if (session != null) {
                        answer(outbox, Messages.error("logged in already as " + session.user));
                    } else if (type.equals("register")) {
                        answer(outbox, user == null || password == null
                                ? Messages.error("register needs \"user\" and \"password\"") : service.register(user, password));
                    } else {
                        session = service.login(user, password, outbox);
                    }
                } else if (session == null) {
                    answer(outbox, Messages.error("log in first"));
                } else {
                    switch (type) {
                        case "send" -> answer(outbox, service.send(session.user, message.get("to"), message.get("text"), message.get("id")));
                        case "ack" -> service.acknowledge(session.user, message.get("id"));
                        case "who" -> answer(outbox, service.who(message.get("after")));
                        default -> answer(outbox, Messages.error("unknown type: " + type));
                    }
                }
            }
        } finally {
            if (session != null) {
                service.logout(session);
            }
            outbox.finish();
            outbox.awaitFinished(LAST_WORDS);
        }
    }

    /**
     * The next frame; null at a clean end of stream. The client may be silent between frames as
     * long as lesson07's timeout allows, but once a frame has begun it must arrive whole within the
     * frame deadline: a client that drips one byte a second is cut off.
     */
    private ObjectNode nextFrame(Messages messages) throws IOException {
        if (!messages.awaitMessage()) {
            return null;
        }
        Deadlines.Deadline deadline = service.frameDeadline(request);
        try (deadline) {
            ObjectNode message = messages.read();
            if (deadline.expired()) { // it came at the very last moment, and the socket is closed already
                throw new FrameTooSlow();
            }
            return message;
        } catch (IOException e) {
            if (deadline.expired()) { // the deadline closed the socket: that is why the read failed
                throw new FrameTooSlow();
            }
            throw e;
        }
    }

    /** A frame that did not arrive whole within the frame deadline; the connection is closed. */
    private static final class FrameTooSlow extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static void answer(Outbox outbox, ObjectNode answer) throws IOException {
        outbox.put(Messages.encode(answer));
    }
}
