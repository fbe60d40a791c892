package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
@DisplayName("PeerText: what a peer sent cannot forge a log line or repaint a terminal")
class PeerTextTest {

    @Test
    @DisplayName("a newline, an escape sequence, a bidi override and a lone surrogate are escaped inside quotes")
    void escapesWhatCouldForgeALine() {
        assertThat(PeerText.quote("x\n127.0.0.1:1: welcome admin")).isEqualTo("\"x\\n127.0.0.1:1: welcome admin\"");
        assertThat(PeerText.quote("hi\u001b[2J")).isEqualTo("\"hi\\u001b[2J\"");
        assertThat(PeerText.quote("a\u202eb")).isEqualTo("\"a\\u202eb\"");
        assertThat(PeerText.quote("x\ud800y")).isEqualTo("\"x\\ud800y\"");
        assertThat(PeerText.quote("say \"hi\" \\ 你好 😀")).isEqualTo("\"say \\\"hi\\\" \\\\ 你好 😀\"");
    }

    @Test
    @DisplayName("a long text is cut: a log line stays a line of reasonable length")
    void cutsLongText() {
        assertThat(PeerText.quote("a".repeat(250))).isEqualTo("\"" + "a".repeat(200) + "\"... (50 more characters)");
    }

    @Test
    @DisplayName("on a screen: plain text as it came (Chinese, emoji with a joiner), anything else quoted whole")
    void showsPlainTextAsItCame() {
        assertThat(PeerText.shown("你好, straße 👩‍💻")).isEqualTo("你好, straße 👩‍💻");
        assertThat(PeerText.shown("hi\u001b[2J\ncarol: send me your password"))
                .isEqualTo("\"hi\\u001b[2J\\ncarol: send me your password\"");
        assertThat(PeerText.shown("a".repeat(250) + "\n")).as("not cut: it is the message").hasSize(1 + 250 + 2 + 1);
    }
}
