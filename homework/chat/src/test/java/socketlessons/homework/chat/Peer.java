package socketlessons.homework.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import socketlessons.homework.Messages;

/** A test's chat client: frames in, frames out, no console. */
final class Peer implements AutoCloseable {

    final Socket socket = new Socket();
    final Frames frames;

    Peer(InetSocketAddress server) throws IOException {
        this(server, 0);
    }

    /** With {@code receiveBuffer} > 0: a small receive buffer, so that a peer that does not read fills it soon. */
    Peer(InetSocketAddress server, int receiveBuffer) throws IOException {
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect: it sets the window the handshake offers
        }
        socket.connect(server, 5_000);
        socket.setSoTimeout(20_000);
        frames = new Frames(socket);
    }

    ObjectNode ask(ObjectNode request) throws IOException {
        frames.send(request);
        return frames.receive();
    }

    ObjectNode register(String user) throws IOException {
        return ask(Messages.message("register").put("user", user).put("password", user + "-password"));
    }

    ObjectNode login(String user) throws IOException {
        return ask(Messages.message("login").put("user", user).put("password", user + "-password"));
    }

    void send(String to, String text, long id) throws IOException {
        frames.send(Messages.message("send").put("to", to).put("text", text).put("id", id));
    }

    /** The next frame of {@code type}, skipping others (notices, statuses). */
    ObjectNode next(String type) throws IOException {
        while (true) {
            ObjectNode frame = frames.receive();
            if (frame == null) {
                throw new IOException("closed while waiting for " + type);
            }
            if (frame.path("type").asText().equals(type)) {
                return frame;
            }
        }
    }

    void ack(ObjectNode message) throws IOException {
        frames.send(Messages.message("ack").put("id", message.path("id").asLong()));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
