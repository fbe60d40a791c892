package socketlessons.tcpchat;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import socketlessons.basics.PeerText;

/**
 * One side of the §4 console chat, apart from the sockets: hear a message and show it, then
 * answer from the console; {@code q} or {@code Q} from either side ends it (§4.2). The console
 * (a line source and a line sink) and the wire are parameters, so tests script both sides
 * without a terminal; the programs wire them to the keyboard and to a socket.
 *
 * <p>The course's loop knows one ending, {@code q}. Here every way a conversation can end is an
 * {@link Ending}: the peer closing (end of stream, Python's {@code b''}), a reset (Python on
 * Windows: WinError 10054), a line that is not a chat line, silence past the timeout, or our
 * own console ending. None of them is an empty message.
 */
public final class ChatSession {

    /** How a conversation ended, in words the student sees. */
    public enum Ending {
        WE_QUIT("we said q"),
        PEER_QUIT("the other side said q"),
        PEER_CLOSED("the other side closed the connection"),
        PEER_CLOSED_MID_LINE("the other side closed the connection in the middle of a message"),
        PEER_RESET("the connection was reset"),
        PEER_SILENT("the other side sent no whole message in time"),
        PEER_NOT_READING("the other side did not take our answer in time (it does not read)"),
        BAD_MESSAGE("the other side sent something that is not a chat line"),
        INPUT_ENDED("our input ended");

        private final String words;

        Ending(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }

        /** Ended as a conversation should: somebody said q, or our input ended (which says q). */
        public boolean isNormal() {
            return this == WE_QUIT || this == PEER_QUIT || this == INPUT_ENDED;
        }
    }

    /** What the quit message is, in any case (§4.2: {@code msg.upper() == 'Q'}). */
    static boolean isQuit(String message) {
        return message.equalsIgnoreCase("q");
    }

    private final BufferedReader console;
    private final PrintWriter screen;

    /**
     * @param console where our side's messages come from, a line at a time (the keyboard)
     * @param screen where the peer's messages and the prompt go
     */
    public ChatSession(BufferedReader console, PrintWriter screen) {
        this.console = console;
        this.screen = screen;
    }

    /** The client's side: it speaks first (§4.1: "先在client里发消息"). */
    public Ending speakFirst(Wire wire) throws IOException {
        return talk(wire, true);
    }

    /** The server's side: it listens first. */
    public Ending listenFirst(Wire wire) throws IOException {
        return talk(wire, false);
    }

    private Ending talk(Wire wire, boolean speakFirst) throws IOException {
        try {
            Ending ending = speakFirst ? say(wire) : null;
            while (ending == null) {
                ending = hear(wire);
                if (ending == null) {
                    ending = say(wire);
                }
            }
            return ending;
        } catch (ChatProtocolException e) {
            screen.println("(" + e.getMessage() + ")");
            tellPeer(wire, "error: " + e.getMessage()); // the protocol is text: say what went wrong
            return Ending.BAD_MESSAGE;
        } catch (EOFException e) {
            screen.println("(" + e.getMessage() + ")");
            return Ending.PEER_CLOSED_MID_LINE;
        } catch (DeadlineWire.AnswerNotTakenException e) {
            return Ending.PEER_NOT_READING;
        } catch (SocketTimeoutException e) {
            return Ending.PEER_SILENT; // silent past SO_TIMEOUT, or no whole message before the deadline
        } catch (SocketException e) {
            // Java: "Connection reset" (read) or "Broken pipe" (write), on every platform.
            // Python on Windows: ConnectionResetError [WinError 10054]
            screen.println("(" + e.getMessage() + ")");
            return Ending.PEER_RESET;
        }
    }

    /** Reads one message and shows it; returns an ending, or null to go on. */
    private Ending hear(Wire wire) throws IOException {
        String message = wire.receive();
        if (message == null) {
            // read returned -1 (Python: recv returned b''). It will return -1 every time from
            // now on, so it is not a message: the course's loop printed it as an empty one.
            return Ending.PEER_CLOSED;
        }
        if (isQuit(message)) {
            return Ending.PEER_QUIT;
        }
        screen.println(PeerText.shown(message));
        return null;
    }


    /** Asks the console for a line and sends it; returns an ending, or null to go on. */
    private Ending say(Wire wire) throws IOException {
        screen.print(">>> ");
        screen.flush();
        String line = console.readLine();
        if (line == null) {
            wire.send("q"); // end of input quits, and tells the other side as q does
            return Ending.INPUT_ENDED;
        }
        wire.send(line);
        return isQuit(line) ? Ending.WE_QUIT : null;
    }

    /** A last word to a peer we are about to hang up on; if it cannot be said, so be it. */
    private static void tellPeer(Wire wire, String line) {
        try {
            wire.send(line);
        } catch (IOException | RuntimeException e) {
            // the peer may be gone already: the connection closes anyway
        }
    }
}
