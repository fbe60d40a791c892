package socketlessons.basics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("CLI kit console: passwords prompted without echo at a terminal, read from input otherwise")
class ConsoleTest {

    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("at a terminal: the password comes from the unechoed prompt, never from the input lines")
    void passwordAtTerminalIsPromptedWithoutEcho() throws Exception {
        List<String> prompts = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = Console.of(input("next line\n"), out, new ByteArrayOutputStream(), prompt -> {
            prompts.add(prompt);
            return "s3cret".toCharArray();
        });

        assertThat(console.readPassword("password: ")).isEqualTo("s3cret");
        assertThat(prompts).containsExactly("password: ");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("s3cret");
        assertThat(console.in.readLine()).as("the input is left for what comes next").isEqualTo("next line");
        assertThat(console.outIsTerminal()).isTrue();
    }

    @Test
    @DisplayName("piped (echo pw | ...): the password is the first line of input, and no prompt is printed")
    void passwordFromPipeIsTheFirstLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = Console.of(input("s3cret\nhello\n"), out, new ByteArrayOutputStream());

        assertThat(console.readPassword("password: ")).isEqualTo("s3cret");
        assertThat(console.in.readLine()).isEqualTo("hello");
        assertThat(console.readPassword("password: ")).as("end of input").isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(console.outIsTerminal()).isFalse();
    }
}
