package socketlessons.tcpchat;

import java.io.IOException;

/** How chat messages travel on a connection: what one message is, in bytes. */
public interface Wire {

    /** The next message from the peer; null when the peer closed its side (end of stream). */
    String receive() throws IOException;

    void send(String message) throws IOException;
}
