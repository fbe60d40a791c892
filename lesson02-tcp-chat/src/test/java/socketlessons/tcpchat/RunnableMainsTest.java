package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.Socket;
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

/**
 * Every class the notes call runnable has a {@code main} (an IDE's Run button), and each runs:
 * here in a JVM of its own, as {@code java -cp ... Class --port 0} with its standard input
 * ended, since a {@code main} ends with {@code System.exit}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson02: every runnable class's main runs")
class RunnableMainsTest {

    /** The classes with a main, as the notes list them (besides the Launcher). */
    private static final Set<String> RUNNABLE = Set.of("ChatServer", "ChatClient", "ChatDemo");

    @Test
    @DisplayName("the classes with a main are exactly the notes' runnable ones, plus the Launcher")
    void runnableClassesAreExactlyTheListedOnes() throws Exception {
        Path folder = Path.of(ChatServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(ChatServer.class.getPackageName().replace('.', File.separatorChar));
        Set<String> withMain = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(ChatServer.class.getPackageName() + "." + name);
                if (hasMain(type)) {
                    withMain.add(name);
                }
            }
        }
        Set<String> expected = new TreeSet<>(RUNNABLE);
        expected.add("Launcher");
        assertThat(withMain).isEqualTo(expected);
    }

    private static boolean hasMain(Class<?> type) {
        try {
            Method main = type.getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Test
    @DisplayName("ChatDemo's main: the §4.3 demo, exit 0")
    void demoMainRuns() throws Exception {
        try (Child demo = new Child(ChatDemo.class, "--port", "0")) {
            assertThat(demo.awaitExit()).as(demo.output()).isZero();
            assertThat(demo.output()).contains("[B] hears: hello B, sorry for the wait");
        }
    }

    @Test
    @DisplayName("ChatServer's main: listens, hears a client; its input ended, it says q and stops, exit 0")
    void serverMainRuns() throws Exception {
        try (Child server = new Child(ChatServer.class, "--port", "0")) {
            int port = Integer.parseInt(server.awaitMatch("listening on 127\\.0\\.0\\.1:(\\d+)"));
            try (Socket client = ChatFixture.connect(port)) {
                LineWire wire = new LineWire(client);
                wire.send("hi");
                assertThat(wire.receive()).isEqualTo("q");
            }
            assertThat(server.awaitExit()).as(server.output()).isZero();
            assertThat(server.output()).contains("our input ended: nobody is left to answer, so the server stops");
        }
    }

    @Test
    @DisplayName("ChatClient's main: connects; its input ended, it says q, exit 0")
    void clientMainRuns() throws Exception {
        try (ChatFixture server = new ChatFixture("", 1);
             Child client = new Child(ChatClient.class, "--port", Integer.toString(server.port()))) {
            assertThat(client.awaitExit()).as(client.output()).isZero();
            assertThat(client.output()).contains("conversation ended: our input ended");
            server.awaitServed();
            assertThat(server.screen()).contains("ended: the other side said q");
        }
    }

    /** A class of this module run in a JVM of its own, standard input ended, output and errors together. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        Child(Class<?> mainClass, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), mainClass.getName()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close(); // standard input ended (Ctrl+D)
            reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    int n;
                    while ((n = process.getInputStream().read(buffer)) != -1) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    output.append("(output lost: ").append(e).append(')');
                }
            }, "child output");
            reader.setDaemon(true);
            reader.start();
        }

        String output() {
            return output.toString();
        }

        /** Waits until the output matches {@code regex}; returns its first group. */
        String awaitMatch(String regex) {
            Pattern pattern = Pattern.compile(regex);
            return await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = pattern.matcher(output);
                if (m.find()) {
                    return m.group(1);
                }
                if (!process.isAlive()) {
                    throw new AssertionError("it ended without printing " + regex + "; it printed:\n" + output);
                }
                return null;
            }, java.util.Objects::nonNull);
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("it did not end in 60 s; it printed:\n" + output);
            }
            reader.join(10_000); // everything it printed has been read
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
