package socketlessons.homework.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Socket;
import socketlessons.socketserver.BaseRequestHandler;
import socketlessons.homework.Messages;

/**
 * One client's connection, on lesson07's threading server: reads frames, answers each. A
 * frame that is not a usable message gets an error and the conversation goes on; a frame that
 * breaks the framing (a bad length, a connection gone mid-frame) ends this connection only.
 */
public final class ChatHandler extends BaseRequestHandler<Socket> {

    private final ChatService service;

    public ChatHandler(ChatService service) {
        this.service = service;
    }

    @Override
    protected void handle() throws Exception {
        Frames frames = new Frames(request);
        ChatService.Session session = null;
        try {
            while (true) {
                ObjectNode message;
                try {
                    message = frames.receive();
                } catch (Messages.BadMessage e) {
                    frames.send(Messages.error(e.getMessage()));
                    continue;
                }
                if (message == null || "quit".equals(text(message, "type"))) {
                    return;
                }
                String type = String.valueOf(text(message, "type"));
                if (type.equals("register") || type.equals("login")) {
                    String user = text(message, "user");
                    String password = text(message, "password");
                    if (session != null) {
                        frames.send(Messages.error("logged in already as " + session.user));
                    } else if (type.equals("register")) {
                        frames.send(user == null || password == null
                                ? Messages.error("register needs \"user\" and \"password\"") : service.register(user, password));
                    } else {
                        session = service.login(user, password, frames);
                    }
                } else if (session == null) {
                    frames.send(Messages.error("log in first"));
                } else {
                    switch (type) {
                        case "send" -> frames.send(service.send(session.user, message.get("to"), message.get("text"), message.get("id")));
                        case "ack" -> service.acknowledge(session.user, message.get("id"));
                        case "who" -> frames.send(service.who());
                        default -> frames.send(Messages.error("unknown type: " + type));
                    }
                }
            }
        } finally {
            if (session != null) {
                service.logout(session);
            }
        }
    }

    private static String text(ObjectNode message, String field) {
        JsonNode value = message.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
