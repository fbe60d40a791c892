package socketlessons.tcpchat;

import java.io.IOException;

/** The peer sent something that is not a chat message: the conversation cannot go on. */
public final class ChatProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public ChatProtocolException(String message) {
        super(message);
    }
}
