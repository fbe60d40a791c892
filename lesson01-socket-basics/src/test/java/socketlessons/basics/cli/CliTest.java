package socketlessons.basics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("CLI kit: one line on stderr, no Java class names, a hint where the cause is known")
class CliTest {

    @ParameterizedTest
    @ValueSource(strings = {"Connection refused", "Connection refused: connect"})
    @DisplayName("connection refused (Linux and macOS, and Windows' wording): is the server running?")
    void hintsConnectionRefused(String systemsWords) {
        assertThat(Cli.describe(new ConnectException(systemsWords)))
                .isEqualTo("connection refused (is the server running? start it first)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Address already in use", "Address already in use: bind"})
    @DisplayName("address in use (Linux and macOS, and Windows' wording): stop the other program or pick another port")
    void hintsAddressInUse(String systemsWords) {
        assertThat(Cli.describe(new BindException(systemsWords))).isEqualTo(
                "address already in use (another program holds this port: stop it, or choose another with --port, 0 for any free one)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cannot assign requested address", "Can't assign requested address", "Cannot assign requested address: bind"})
    @DisplayName("cannot assign the address (Linux, macOS, Windows): --host is not this machine's")
    void hintsForeignAddress(String systemsWords) {
        assertThat(Cli.describe(new BindException(systemsWords)))
                .isEqualTo("cannot assign the address (is --host an address of this machine? 127.0.0.1 always is)");
    }

    @Test
    @DisplayName("unknown host: check --host")
    void hintsUnknownHost() {
        assertThat(Cli.describe(new UnknownHostException("no-such-host.invalid"))).isEqualTo(
                "unknown host no-such-host.invalid (check --host: a name this machine can look up, or an address like 127.0.0.1)");
    }

    @Test
    @DisplayName("a missing file, as java.nio and as java.io say it: check the path")
    void hintsMissingFile() {
        String expected = "no such file: notes.txt (check the path: it is relative to the folder you run the command from)";
        assertThat(Cli.describe(new NoSuchFileException("notes.txt"))).isEqualTo(expected);
        assertThat(Cli.describe(new FileNotFoundException("notes.txt (No such file or directory)"))).isEqualTo(expected);
    }

    @Test
    @DisplayName("a folder where a file was wanted: name a file in it")
    void hintsFolder(@TempDir Path folder) {
        IOException thrown = null;
        try {
            Files.readAllBytes(folder);
        } catch (IOException e) {
            thrown = e;
        }
        assertThat(thrown).as("reading a folder fails").isNotNull();
        assertThat(Cli.describe(new FileNotFoundException(folder + " (Is a directory)")))
                .isEqualTo(folder + " is a folder, not a file (name a file in it)");
    }

    @Test
    @DisplayName("a read that timed out, a TLS handshake that failed, a peer that went away")
    void hintsTimeoutTlsAndGonePeer() {
        assertThat(Cli.describe(new SocketTimeoutException("Read timed out")))
                .isEqualTo("timed out: the other side did not answer in time (is it the right server, and is it stuck?)");
        assertThat(Cli.describe(new SSLHandshakeException("PKIX path building failed")))
                .isEqualTo("TLS handshake failed: PKIX path building failed"
                        + " (does the client trust the server's certificate, and do both sides use TLS?)");
        assertThat(Cli.describe(new SocketException("Connection reset"))).isEqualTo("the other side went away (Connection reset)");
        assertThat(Cli.describe(new SocketException("An existing connection was forcibly closed by the remote host")))
                .as("Windows' WSAECONNRESET").isEqualTo("the other side went away (An existing connection was forcibly closed by the remote host)");
        assertThat(Cli.describe(new EOFException())).isEqualTo("the other side went away (end of stream)");
    }

    @Test
    @DisplayName("anything else: its message, never a Java class name")
    void otherFailuresGiveTheirMessageWithoutClassNames() {
        assertThat(Cli.describe(new IllegalStateException("the upload folder is full"))).isEqualTo("the upload folder is full");
        assertThat(Cli.describe(new NullPointerException())).doesNotContain("Exception").startsWith("unexpected failure");
    }

    @Command(name = "tiny", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class)
    static final class Tiny implements Callable<Integer> {
        @Option(names = "--fail") String failure;
        @Option(names = "--color") Color color;

        enum Color { AUTO, ALWAYS, NEVER }

        @Override
        public Integer call() throws Exception {
            if ("usage".equals(failure)) {
                throw new Cli.UsageError("--fail usage does not fit with the rest");
            }
            if (failure != null) {
                throw new ConnectException(failure);
            }
            return 0;
        }
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new Tiny(), Console.of(new ByteArrayInputStream(new byte[0]), out, err), args);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    @DisplayName("exit codes: 0 done, 1 failed (the error on stderr), 2 bad usage (a bad enum lists its candidates)")
    void exitCodesAndStreams() {
        assertThat(run()).containsExactly("0", "", "");
        assertThat(run("--fail", "Connection refused")).containsExactly("1", "",
                "error: connection refused (is the server running? start it first)" + System.lineSeparator());
        String[] bad = run("--color", "purple");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[1]).isEmpty();
        assertThat(bad[2]).contains("purple").contains("AUTO, ALWAYS, NEVER").doesNotContain("No enum constant");
        assertThat(bad[2].lines()).hasSize(1);
        assertThat(run("--color", "never")[0]).as("enum values in any case").isEqualTo("0");
        assertThat(run("--fail", "usage")).containsExactly("2", "",
                "error: --fail usage does not fit with the rest (see tiny --help)" + System.lineSeparator());
        assertThat(run("--color", "-1")[0]).isEqualTo("2");
    }

    @Test
    @DisplayName("HOST:PORT: parsed, and a bad one is a usage error")
    void hostPortConverter() {
        assertThat(new HostPort.Converter().convert("127.0.0.1:9000")).isEqualTo(new HostPort("127.0.0.1", 9000));
        assertThat(new HostPort.Converter().convert("::1:9000")).isEqualTo(new HostPort("::1", 9000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HostPort.Converter().convert("localhost"))
                .hasMessage("'localhost' is not HOST:PORT (e.g. 127.0.0.1:9000)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HostPort.Converter().convert("localhost:99999"))
                .hasMessageContaining("is not a port");
    }
}
