package socketlessons.tcpchat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * One side of the §4 console chat, apart from the sockets: hear a message and show it, then
 * answer from the console; {@code q} or {@code Q} from either side ends it (§4.2). The console
 * is a parameter, so tests script both sides; the programs wire it to the keyboard.
 *
 * <p>Unlike the course's loop, every way a conversation can end is an {@link Ending}: the peer
 * closing (end of stream, Python's {@code b''}), a reset (WinError 10054), a line that is not
 * a chat line, silence past the timeout, or our own console ending.
 */
public final class ChatSession {

    /** How a conversation ended, in words the student sees. */
    public enum Ending {
        WE_QUIT("we said q"),
        PEER_QUIT("the other side said q"),
        PEER_CLOSED("the other side closed the connection"),
        PEER_RESET("the connection was reset"),
        PEER_SILENT("the other side said nothing for too long"),
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
    }

    private final BufferedReader console;
    private final PrintWriter screen;

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
            if (speakFirst) {
                Ending ending = say(wire);
                if (ending != null) {
                    return ending;
                }
            }
            while (true) {
                Ending ending = hear(wire);
                if (ending == null) {
                    ending = say(wire);
                }
                if (ending != null) {
                    return ending;
                }
            }
        } catch (ChatProtocolException e) {
            screen.println("(" + e.getMessage() + ")");
            return Ending.BAD_MESSAGE;
        } catch (SocketTimeoutException e) {
            return Ending.PEER_SILENT;
        } catch (SocketException e) {
            // "Connection reset" on Linux and macOS; Python on Windows: WinError 10054
            return Ending.PEER_RESET;
        }
    }

    /** Reads one message and shows it; returns an ending, or null to go on. */
    private Ending hear(Wire wire) throws IOException {
        String message = wire.receive();
        if (message == null) {
            return Ending.PEER_CLOSED; // read returned -1: the course's recv returned b''
        }
        if (message.equalsIgnoreCase("q")) {
            return Ending.PEER_QUIT;
        }
        screen.println(message);
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
        return line.equalsIgnoreCase("q") ? Ending.WE_QUIT : null;
    }
}
