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

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§4.1-§4.2 the console chat over a real connection")
class ChatTest {

    private static ChatSession scripted(String keyboard, StringWriter screen) {
        return new ChatSession(new BufferedReader(new StringReader(keyboard)), new PrintWriter(screen, true));
    }

    @Test
    @DisplayName("§4.2 half-duplex: the client speaks first, they take turns, Chinese comes through whole, q ends it")
    void talksInTurnsAndEndsOnQ() throws Exception {
        try (ChatFixture fixture = new ChatFixture("你好，客户端\nfine\n", 1)) {
            StringWriter clientScreen = new StringWriter();
            ChatSession client = scripted("你好，服务端\nhow are you?\nq\n", clientScreen);

            ChatSession.Ending ending = ChatClient.talk("127.0.0.1", fixture.port(), Wire.Format.LINES, client);

            assertThat(ending).isEqualTo(ChatSession.Ending.WE_QUIT);
            assertThat(clientScreen.toString().replace(System.lineSeparator(), "\n")).isEqualTo(">>> 你好，客户端\n>>> fine\n>>> ");
            fixture.awaitServed();
            assertThat(fixture.screen()).matches("connected: 127\\.0\\.0\\.1:\\d+\n你好，服务端\n>>> how are you\\?\n"
                    + ">>> conversation with 127\\.0\\.0\\.1:\\d+ ended: the other side said q\n");
        }
    }

    @Test
    @DisplayName("§4.2 q from the server ends the conversation too, and the client shows nothing more")
    void serverQEndsTheConversation() throws Exception {
        try (ChatFixture fixture = new ChatFixture("Q\n", 1)) {
            StringWriter clientScreen = new StringWriter();
            ChatSession client = scripted("hello\nnever sent\n", clientScreen);

            assertThat(ChatClient.talk("127.0.0.1", fixture.port(), Wire.Format.LINES, client)).isEqualTo(ChatSession.Ending.PEER_QUIT);
            assertThat(clientScreen.toString()).isEqualTo(">>> ");
            fixture.awaitServed();
            assertThat(fixture.screen()).contains("hello\n>>> conversation with ", "ended: we said q");
        }
    }

    @Test
    @DisplayName("§4.2 the server's input ends: it says q to the client and stops (nobody is left to answer)")
    void serverStopsWhenItsInputEnds() throws Exception {
        try (ChatFixture fixture = new ChatFixture("", 0)) {
            ChatSession client = scripted("hello\n", new StringWriter());

            assertThat(ChatClient.talk("127.0.0.1", fixture.port(), Wire.Format.LINES, client)).isEqualTo(ChatSession.Ending.PEER_QUIT);
            fixture.awaitServed();
            assertThat(fixture.screen()).endsWith("ended: our input ended\nour input ended: nobody is left to answer, so the server stops\n");
        }
    }
}
