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
}
