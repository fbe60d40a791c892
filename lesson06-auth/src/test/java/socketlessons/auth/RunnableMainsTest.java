package socketlessons.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Mains;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CliRun;

/**
 * Every class the notes call runnable has a {@code main} (an IDE's Run button) of one line,
 * {@code Launcher.main(commandLine(args))}: with no arguments it runs the defaults an IDE run
 * needs. Each class's command line is run here in this JVM ({@code main} itself ends with
 * {@code System.exit}), with {@code --port 0} where it would take the course's 9000; the
 * launcher's own {@code main} runs once in a JVM of its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("lesson06: every runnable class's main runs")
class RunnableMainsTest {

    private static final String NL = System.lineSeparator();

    /** The classes with a main, as the notes list them (besides the Launcher). */
    private static final Set<String> RUNNABLE = Set.of("CheckedServer", "CheckedClient", "LoginServer", "LoginClient",
            "SniffingRelay", "AuthDemo");

    @TempDir
    static Path dir;

    @Test
    @DisplayName("the classes with a main are exactly the notes' runnable ones, plus the Launcher")
    void runnableClassesAreExactlyTheListedOnes() throws Exception {
        Set<String> withMain = Mains.classesWithMain(Launcher.class);
        Set<String> expected = new TreeSet<>(RUNNABLE);
        expected.add("Launcher");
        assertThat(withMain).isEqualTo(expected);
    }

    @Test
    @DisplayName("with no arguments each main runs its command with what an IDE run needs; with arguments, its command and them")
    void noArgumentsGiveTheIdeDefaults() {
        assertThat(CheckedServer.commandLine()).containsExactly("server", "--key-file", "key.txt", "--make-key");
        assertThat(CheckedClient.commandLine()).containsExactly("client", "--key-file", "key.txt");
        assertThat(LoginServer.commandLine()).containsExactly("login-server");
        assertThat(LoginClient.commandLine()).containsExactly("login", "--user", "alice");
        assertThat(SniffingRelay.commandLine()).containsExactly("relay", "--port", "9001", "--to", "127.0.0.1:9000");
        assertThat(AuthDemo.commandLine()).containsExactly("demo");
        assertThat(CheckedServer.commandLine("--port", "0")).containsExactly("server", "--port", "0");
    }

    @Test
    @DisplayName("CheckedServer makes key.txt and serves; CheckedClient answers with that key: welcome, then HELLO")
    void checkedServerAndClientRun() throws Exception {
        String key = dir.resolve("key.txt").toString();
        try (CliRun server = CliRun.start(Launcher::run, CheckedServer.commandLine("--key-file", key, "--make-key", "--port", "0", "--clients", "1"))) {
            String port = Integer.toString(server.awaitListeningPort());
            CliRun.Result client = CliRun.run(Launcher::run, "hello\nq\n", CheckedClient.commandLine("--key-file", key, "--port", port));
            assertThat(client.output()).isEqualTo("welcome: you are one of us" + NL + "HELLO" + NL);
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).startsWith("wrote a new random key to " + key).contains(": passed the check");
        }
    }

    @Test
    @DisplayName("LoginServer listens, LoginClient logs in (the password piped), SniffingRelay relays: the server's answer, exit 1")
    void loginServerClientAndRelayRun() throws Exception {
        try (CliRun server = CliRun.start(Launcher::run, LoginServer.commandLine("--port", "0", "--iterations", "10",
                "--users", dir.resolve("users.txt").toString()));
             CliRun relay = CliRun.start(Launcher::run, SniffingRelay.commandLine("--port", "0", "--to", "127.0.0.1:" + server.awaitListeningPort()))) {
            CliRun.Result client = CliRun.run(Launcher::run, "open sesame\n",
                    LoginClient.commandLine("--user", "alice", "--port", Integer.toString(relay.awaitListeningPort())));
            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.output()).isEqualTo("wrong user name or password" + NL);
            relay.awaitOutput("client → server: {\"op\":\"login\"");
        }
        // AuthDemo's command, demo, runs in LauncherTest.demoNarratesAllThree.
    }

    @Test
    @DisplayName("the launcher's main in a JVM of its own: --version, exit 0 (System.exit carries the code)")
    void launcherMainRunsInItsOwnJvm() throws Exception {
        try (Child java = new Child(Launcher.class, "", "--version")) {
            assertThat(java.awaitExit()).as(java.output()).isZero();
            assertThat(java.output()).startsWith("lesson06-auth 1.0");
        }
    }

    /** A class of this module run by {@code java -cp ... Class args} in the test's folder, with {@code input} as its standard input. */
    static final class Child implements AutoCloseable {
        final Process process;
        private final Path output;

        Child(Class<?> mainClass, String input, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // short runs: start fast
                    "-cp", System.getProperty("java.class.path"), mainClass.getName()));
            command.addAll(List.of(args));
            output = Files.createTempFile(dir, mainClass.getSimpleName(), ".txt");
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
        }

        String output() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after 60 s; it printed:\n" + output());
            }
            return process.exitValue();
        }

        /** Waits until the output matches {@code regex}; returns its first group. */
        String awaitMatch(String regex) {
            Pattern pattern = Pattern.compile(regex);
            return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                Matcher m = pattern.matcher(output());
                if (m.find()) {
                    return m.group(1);
                }
                if (!process.isAlive()) {
                    throw new AssertionError("it ended without printing " + regex + "; it printed:\n" + output());
                }
                return null;
            }, java.util.Objects::nonNull);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
