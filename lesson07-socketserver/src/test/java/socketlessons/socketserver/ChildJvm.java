package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A class of this module run as {@code java -cp ... Class args} in a JVM of its own, its standard input given at once. */
final class ChildJvm implements AutoCloseable {

    final Process process;
    private final StringBuffer output = new StringBuffer(); // standard output and error
    private final Thread reader;

    private ChildJvm(List<String> command, String stdin, String name) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        reader = new Thread(() -> {
            try (InputStream out = process.getInputStream()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = out.read(buffer)) != -1; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8)); // ASCII lines only
                }
            } catch (IOException e) {
                output.append("(output lost: ").append(e).append(')');
            }
        }, "child output " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code java [jvmOptions] -cp <this test's class path> mainClass args}. */
    static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String stdin, String... args) throws IOException {
        return new ChildJvm(command(jvmOptions, mainClass, args), stdin, mainClass.getSimpleName());
    }

    /** The same under {@code sh -c 'ulimit -n LIMIT; exec java ...'}: at most {@code limit} open descriptors (Linux, macOS). */
    static ChildJvm startWithDescriptorLimit(int limit, Class<?> mainClass, String... args) throws IOException {
        StringBuilder java = new StringBuilder("ulimit -n " + limit + " && exec");
        for (String word : command(List.of(), mainClass, args)) {
            java.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return new ChildJvm(List.of("sh", "-c", java.toString()), "", mainClass.getSimpleName());
    }

    private static List<String> command(List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")); // starts faster: these programs run for a second
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Everything it printed so far. */
    String output() {
        return output.toString();
    }

    /** Waits until it has printed {@code text}. */
    void awaitOutput(String text) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            assertThat(output().contains(text) || process.isAlive()).as("ended without printing %s: %s", text, output()).isTrue();
            return output().contains(text);
        });
    }

    /** Waits for its {@code listening on 127.0.0.1:PORT} line. */
    int awaitListeningPort() {
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher m = listening.matcher(output);
            assertThat(m.find() || process.isAlive()).as("ended without listening: %s", output).isTrue();
            return m.find(0) ? Integer.parseInt(m.group(1)) : 0;
        }, port -> port > 0);
    }

    /** Waits for the end and for the last of its output; returns the exit code. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("still running; printed: %s", output).isTrue();
        reader.join(10_000);
        return process.exitValue();
    }

    /** SIGTERM, as {@code kill} or Ctrl+C: the JVM runs its shutdown hooks. ({@code Process.destroy} would also close our end of its output.) */
    void terminate() {
        process.toHandle().destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
