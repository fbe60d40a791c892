package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.CoursePort;

/**
 * Each class the notes call runnable, run with no arguments, as an IDE's Run button runs it. With
 * no arguments the servers listen on the course's port 9000 (the relay on 9001) and the clients
 * connect there, so the tests that run them go one after another and hold {@link CoursePort},
 * so that no other module's test takes 9000 meanwhile; if a program outside the build holds 9000
 * the test is skipped, not failed.
 * <p>
 * A JVM start costs about half a CPU-second, so a main runs in a JVM of its own (its {@code main}
 * itself, which ends with {@code System.exit}) only where it needs one: FramedEchoServer and
 * ResegmentingRelay, which never end by themselves, together in one ({@link ServerAndRelayMains});
 * FileReceiver, which writes into its working folder; FileSender, whose main picks the sample
 * file itself. The other mains are one line, {@code Launcher.main(Cli.prepend(COMMAND, args))}:
 * their command runs in this JVM with no further arguments, which is what their main runs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@DisplayName("lesson04 mains: every class the notes call runnable runs with no arguments")
class RunnableMainsTest {

    /** The classes with a main, as the code tour lists them; Launcher is the command line they all call. */
    private static final List<Class<?>> RUNNABLE = List.of(NaiveServer.class, NaiveClient.class, FramedEchoServer.class,
            FramedEchoClient.class, FileSender.class, FileReceiver.class, ResegmentingRelay.class, StickyDemo.class);

    @Test
    @DisplayName("the list is complete: exactly these classes of lesson04 have a public static main")
    void everyClassWithAMainIsListed() throws IOException, URISyntaxException {
        Path classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("socketlessons/sticky");
        List<String> withMain = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = "socketlessons.sticky." + file.getFileName().toString().replace(".class", "");
                try {
                    Method main = Class.forName(name).getMethod("main", String[].class);
                    if (Modifier.isStatic(main.getModifiers())) {
                        withMain.add(name);
                    }
                } catch (NoSuchMethodException | ClassNotFoundException | NoClassDefFoundError e) {
                    // no main of its own
                }
            }
        }
        List<String> expected = new ArrayList<>(RUNNABLE.stream().map(Class::getName).toList());
        expected.add(Launcher.class.getName());
        assertThat(withMain).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("§6.1 NaiveServer and NaiveClient: the five sends, then the server's reads and 'client closed'")
    void naiveServerAndClient() throws Exception {
        try (CoursePort coursePort = CoursePort.lock()) {
            try (CliRun server = CliRun.start(Launcher::run, "naive-server")) { // NaiveServer.main
                awaitListening(server, 9000);
                CliRun.Result client = CliRun.run(Launcher::run, "", "naive-client"); // NaiveClient.main
                assertThat(client.exitCode()).as(client.output() + client.errors()).isZero();
                assertThat(client.output().lines()).containsExactly(
                        "send 1: message 1;", "send 2: message 2;", "send 3: message 3;", "send 4: message 4;", "send 5: message 5;");
                assertThat(server.awaitExit()).as(server.output() + server.errors()).isZero();
                assertThat(server.output()).startsWith("listening on 127.0.0.1:9000").endsWith("client closed" + System.lineSeparator());
            } finally {
                endWaitingNaiveServer();
            }
        }
    }

    /**
     * A naive-server that never got its client (the test failed before) would wait in accept on
     * 9000 in this JVM once the lock is let go: a client that connects and leaves ends it.
     */
    private static void endWaitingNaiveServer() {
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", 9000), 1_000);
        } catch (IOException ended) {
            // refused: it had ended
        }
    }

    @Test
    @DisplayName("§6.2 FramedEchoServer, ResegmentingRelay and FramedEchoClient: a line comes back as its echo")
    void echoServerRelayAndClient() throws Exception {
        try (CoursePort coursePort = CoursePort.lock();
             Child serverAndRelay = Child.start(ServerAndRelayMains.class, null, "")) {
            awaitListening(serverAndRelay, 9000);
            CliRun.Result client = CliRun.run(Launcher::run, "hello\n你好\nq\n", "client"); // FramedEchoClient.main
            assertThat(client.exitCode()).as(client.output() + client.errors()).isZero();
            assertThat(client.output().lines()).containsExactly("echo: \"hello\"", "echo: \"你好\"");

            awaitListening(serverAndRelay, 9001);
            serverAndRelay.awaitOutput("forwarding to 127.0.0.1:9000 in slices of 1 to 3 bytes, 0 to 2000 µs apart (seed 1)");
        }
    }

    @Test
    @DisplayName("§6.2 FileReceiver and FileSender: with no FILE the sender sends the notes' sample notes.txt, which arrives whole")
    void fileReceiverAndSender(@TempDir Path dir) throws Exception {
        try (CoursePort coursePort = CoursePort.lock();
             Child receiver = Child.start(FileReceiver.class, dir, "")) {
            awaitListening(receiver, 9000);
            try (Child sender = Child.start(FileSender.class, null, "")) {
                assertThat(sender.awaitExit()).as(sender.output()).isZero();
                assertThat(sender.output()).startsWith("no FILE given: sending the notes' sample, ")
                        .endsWith("sent notes.txt (700000 bytes)" + System.lineSeparator());
            }
            assertThat(receiver.awaitExit()).as(receiver.output()).isZero();
            assertThat(receiver.output()).contains("receiving \"notes.txt\" (700000 bytes)", "received \"notes.txt\" in . (700000 bytes)");
        }
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("粘包 ".repeat(100_000));
    }

    @Test
    @DisplayName("§6 StickyDemo: the narrated demo ends with the framed messages apart")
    void stickyDemo() throws Exception {
        try (CoursePort coursePort = CoursePort.lock()) {
            CliRun.Result demo = CliRun.run(Launcher::run, "", "demo"); // StickyDemo.main
            skipIfPortTaken(demo.output() + demo.errors());
            assertThat(demo.exitCode()).as(demo.output() + demo.errors()).isZero();
            assertThat(demo.output()).startsWith("[server] listening on 127.0.0.1:9000")
                    .contains("both messages arrived glued again, and the length prefix cut them apart");
        }
    }

    /** Waits until the child says it listens on {@code port} (it may run two servers), or has ended. */
    private static void awaitListening(Child child, int port) {
        String listening = "listening on 127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> child.output().contains(listening) || !child.process.isAlive());
        skipIfPortTaken(child.output());
        assertThat(child.output()).as("it printed").contains(listening);
    }

    /** The same for a command run in this JVM. */
    private static void awaitListening(CliRun server, int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> server.output().contains("listening on ") || !server.errors().isEmpty());
        skipIfPortTaken(server.errors());
        assertThat(server.output()).as("it printed").contains("listening on 127.0.0.1:" + port);
    }

    private static void skipIfPortTaken(String printed) {
        Assumptions.assumeFalse(printed.contains("address already in use"),
                "another program holds the course's port on this machine: " + printed);
    }

    /** A main of this module in a JVM of its own; standard output and error together. */
    private static final class Child implements AutoCloseable {
        final Process process;
        private final java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        private final Thread reader;

        private Child(Process process) {
            this.process = process;
            InputStream out = process.getInputStream();
            reader = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n; (n = out.read(buffer)) != -1; ) {
                        synchronized (output) {
                            output.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    synchronized (output) {
                        output.writeBytes(("(output lost: " + e + ")").getBytes(StandardCharsets.UTF_8));
                    }
                }
            }, "child output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Class<?> main, Path workingDir, String stdin) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: start fast, little JIT
                    "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "-Dfile.encoding=UTF-8",
                    "-cp", System.getProperty("java.class.path"), main.getName()).redirectErrorStream(true);
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            return new Child(process);
        }

        /** Everything printed so far; the whole output once the process has ended. */
        String output() {
            if (!process.isAlive()) {
                try {
                    reader.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }

        void awaitOutput(String text) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> output().contains(text));
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("did not end in 90 s; it printed:\n" + output());
            }
            reader.join(10_000);
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
