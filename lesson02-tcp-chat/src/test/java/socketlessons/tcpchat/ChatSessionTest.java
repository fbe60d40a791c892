package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The conversation's rules with a scripted console and a scripted peer: no sockets, no threads. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("§4.2 the chat's rules, without a network")
class ChatSessionTest {

    private final StringWriter screen = new StringWriter();

    private ChatSession session(String keyboard) {
        return new ChatSession(new BufferedReader(new StringReader(keyboard)), new PrintWriter(screen, true));
    }

    private String screen() {
        return screen.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    @DisplayName("§4.2 client: speaks first, then hears, then speaks; our q is sent and ends it")
    void clientSpeaksFirstAndOurQEndsIt() throws Exception {
        ScriptedWire peer = new ScriptedWire("你好", "fine");

        ChatSession.Ending ending = session("hi\nhow are you?\nq\nnever typed\n").speakFirst(peer);

        assertThat(ending).isEqualTo(ChatSession.Ending.WE_QUIT);
        assertThat(peer.sent).containsExactly("hi", "how are you?", "q");
        assertThat(screen()).isEqualTo(">>> 你好\n>>> fine\n>>> ");
    }

    @Test
    @DisplayName("§4.2 server: hears first; the peer's Q (any case) ends it and is not shown")
    void serverListensFirstAndPeersCapitalQEndsIt() throws Exception {
        ScriptedWire peer = new ScriptedWire("hello", "Q", "never read");

        ChatSession.Ending ending = session("hi\n").listenFirst(peer);

        assertThat(ending).isEqualTo(ChatSession.Ending.PEER_QUIT);
        assertThat(peer.sent).containsExactly("hi");
        assertThat(screen()).isEqualTo("hello\n>>> ");
    }

    @Test
    @DisplayName("§4.2 end of our input (Ctrl+D, Ctrl+Z) quits as q does, and tells the peer q")
    void endOfInputQuitsAndSendsQ() throws Exception {
        ScriptedWire peer = new ScriptedWire("hello");

        assertThat(session("").listenFirst(peer)).isEqualTo(ChatSession.Ending.INPUT_ENDED);
        assertThat(peer.sent).containsExactly("q");
    }

    @Test
    @DisplayName("§4.2 end of stream (b'') is an ending, never an empty message")
    void endOfStreamEndsTheConversationWithoutAnEmptyMessage() throws Exception {
        ScriptedWire peer = new ScriptedWire("hello");

        assertThat(session("hi\nagain\n").listenFirst(peer)).isEqualTo(ChatSession.Ending.PEER_CLOSED);
        assertThat(peer.sent).containsExactly("hi");
        assertThat(screen()).isEqualTo("hello\n>>> ");
    }

    @Test
    @DisplayName("§4.2 an empty line is a message like any other: sent, shown, and the chat goes on")
    void emptyLineIsAMessage() throws Exception {
        ScriptedWire peer = new ScriptedWire("", "q");

        assertThat(session("\n").listenFirst(peer)).isEqualTo(ChatSession.Ending.PEER_QUIT);
        assertThat(peer.sent).containsExactly("");
        assertThat(screen()).isEqualTo("\n>>> ");
    }
}
