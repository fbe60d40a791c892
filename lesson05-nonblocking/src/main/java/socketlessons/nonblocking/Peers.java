package socketlessons.nonblocking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import socketlessons.sticky.FrameException;

/** How the servers name a client and its trouble in their logs. */
final class Peers {

    private Peers() {
    }

    /** "127.0.0.1:50412". */
    static String of(SelectionKey key) {
        Socket socket = ((SocketChannel) key.channel()).socket();
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    static String of(InetSocketAddress remote) {
        return remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    /** A frame error in its own words ("frame length -1 is negative"); anything else as the exception prints itself. */
    static String describe(IOException e) {
        return e instanceof FrameException ? e.getMessage() : e.toString();
    }
}
