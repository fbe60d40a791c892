package socketlessons.basics.testkit;

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
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runnable classes of a lesson (an IDE's Run button): which classes of a package have a
 * {@code main}, and one run in a JVM of its own, as {@code java -cp ... Class ARGS} with its
 * standard input ended (a {@code main} may end with {@code System.exit}).
 */
public final class Mains {

    private Mains() {
    }

    /** The simple names of the classes in {@code anyOfThem}'s package (its own folder of classes) that have a static main. */
    public static Set<String> classesWithMain(Class<?> anyOfThem) throws Exception {
        Path folder = Path.of(anyOfThem.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(anyOfThem.getPackageName().replace('.', File.separatorChar));
        Set<String> withMain = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                if (hasMain(Class.forName(anyOfThem.getPackageName() + "." + name))) {
                    withMain.add(name);
                }
            }
        }
        return withMain;
    }

    private static boolean hasMain(Class<?> type) {
        try {
            Method main = type.getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers()) && main.getDeclaringClass() == type;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** A class run in a JVM of its own, standard input ended, output and errors together. */
    public static final class Child implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        public Child(Class<?> mainClass, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: start fast, little JIT
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

        public String output() {
            return output.toString();
        }

        /** Waits until the output matches {@code regex}; returns its first group. */
        public String awaitMatch(String regex) {
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
            }, Objects::nonNull);
        }

        public int awaitExit() throws InterruptedException {
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
