package socketlessons.tcpchat;

import java.io.IOException;

/** How chat messages travel on a connection: what one message is, in bytes. */
public interface Wire {

    /** Which wire a program speaks: ours, or the course's (to talk to its Python programs). */
    enum Format {
        /** {@link LineWire}: a message is one UTF-8 line. */
        LINES,
        /** {@link CourseWire}: bare text, one {@code recv(1024)} taken for one message. */
        COURSE
    }

    /** The next message from the peer; null when the peer closed its side (end of stream). */
    String receive() throws IOException;

    void send(String message) throws IOException;
}
