package socketlessons.tcpchat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/** A wire with no network: the peer's messages are scripted, what we send is recorded. */
final class ScriptedWire implements Wire {

    private final Deque<String> incoming;
    final List<String> sent = new ArrayList<>();

    /** The peer's messages in order; after the last one, end of stream. */
    ScriptedWire(String... peerMessages) {
        incoming = new ArrayDeque<>(Arrays.asList(peerMessages));
    }

    @Override
    public String receive() throws IOException {
        return incoming.poll(); // null once the script is over: the peer closed
    }

    @Override
    public void send(String message) {
        sent.add(message);
    }
}
