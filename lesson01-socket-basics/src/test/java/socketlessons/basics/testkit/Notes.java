package socketlessons.basics.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lesson's notes (its README) checked against the code: every test the tables name exists
 * (with the display name a row quotes), and the Chinese twin keeps the same commands,
 * outputs, diagrams and tests as the English notes.
 */
public final class Notes {

    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern TEST_CLASS = Pattern.compile("[A-Z]\\w*Test");
    private static final Pattern CLASS_AND_METHOD = Pattern.compile("([A-Z]\\w*Test)\\.([a-z]\\w*)");
    private static final Pattern METHOD = Pattern.compile("[a-z]\\w*");
    /** What stands between two tests of one class in a cell: "`A.b`, `c`", "`A.b` (and `c`)", "`A.b` / `c`". */
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[\\s(]*(,|\\band\\b|\\bor\\b|/|、|和)[\\s,(]*(and\\s*)?");
    private static final Pattern QUOTED_DISPLAY_NAME = Pattern.compile("\"(§[^\"]+)\"");

    private final Path file;
    private final List<String> lines;

    private Notes(Path file) {
        this.file = file;
        try {
            this.lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Notes read(Path file) {
        return new Notes(file);
    }

    /** A test the notes name: its class and, unless the whole class is meant, its method. */
    public record NamedTest(String testClass, String method) {
        @Override
        public String toString() {
            return method == null ? testClass : testClass + "." + method;
        }
    }

    /** Every test named in the "Reproduced by" and "Fixed by" cells of the notes' tables. */
    public Set<NamedTest> namedTests() {
        Set<NamedTest> named = new LinkedHashSet<>();
        for (String row : tableRows()) {
            String[] cells = row.split("(?<!\\\\)\\|");
            for (int i = 2; i < cells.length; i++) { // skip the empty cell before the first | and the problem
                String lastClass = null;
                int lastEnd = 0;
                Matcher ticked = TICKED.matcher(cells[i]);
                while (ticked.find()) {
                    String token = ticked.group(1);
                    String between = cells[i].substring(lastEnd, ticked.start());
                    lastEnd = ticked.end();
                    Matcher both = CLASS_AND_METHOD.matcher(token);
                    if (both.matches()) {
                        lastClass = both.group(1);
                        named.add(new NamedTest(lastClass, both.group(2)));
                    } else if (TEST_CLASS.matcher(token).matches()) {
                        lastClass = token;
                        named.add(new NamedTest(token, null));
                    } else if (lastClass != null && METHOD.matcher(token).matches() && LIST_SEPARATOR.matcher(between).matches()) {
                        named.add(new NamedTest(lastClass, token));
                    }
                }
            }
        }
        return named;
    }

    /** The rows of every table whose header starts with "Problem" (问题 in the Chinese notes). */
    private List<String> tableRows() {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            String cell = line.strip();
            if (cell.startsWith("| Problem") || cell.startsWith("| 问题")) {
                inTable = true;
            } else if (inTable && cell.startsWith("|")) {
                if (!cell.startsWith("|---") && !cell.startsWith("| ---")) {
                    rows.add(cell);
                }
            } else {
                inTable = false;
            }
        }
        return rows;
    }

    /** Fails naming every test the tables name that no test source of the course has, or a quoted display name it lacks. */
    public void assertNamedTestsExist() {
        Path root = courseRoot();
        List<String> missing = new ArrayList<>();
        for (NamedTest test : namedTests()) {
            List<String> sources = testSources(root, test.testClass());
            if (sources.isEmpty()) {
                missing.add(test + " (no test class " + test.testClass() + ")");
            } else if (test.method() != null && sources.stream().noneMatch(src -> isTestMethod(src, test.method()))) {
                missing.add(test + " (no such test method)");
            }
        }
        for (String row : tableRows()) {
            Matcher quoted = QUOTED_DISPLAY_NAME.matcher(row);
            while (quoted.find()) {
                String displayName = quoted.group(1);
                boolean found = namedIn(row).stream().flatMap(c -> testSources(root, c).stream())
                        .anyMatch(src -> src.contains("@DisplayName(\"" + displayName + "\")"));
                if (!found) {
                    missing.add("display name \"" + displayName + "\" (not on any test this row names)");
                }
            }
        }
        assertThat(missing).as("tests named in the tables of %s", file).isEmpty();
        assertThat(namedTests()).as("%s has a Problem → Reproduced by → Fixed by table naming tests", file).isNotEmpty();
    }

    private static Set<String> namedIn(String row) {
        Set<String> classes = new LinkedHashSet<>();
        Matcher m = Pattern.compile("([A-Z]\\w*Test)").matcher(row);
        while (m.find()) {
            classes.add(m.group(1));
        }
        return classes;
    }

    /** True when {@code method} is declared in {@code source} under a test annotation (reading up past comments). */
    private static boolean isTestMethod(String source, String method) {
        List<String> sourceLines = source.lines().toList();
        for (int i = 0; i < sourceLines.size(); i++) {
            if (!sourceLines.get(i).contains("void " + method + "(")) {
                continue;
            }
            for (int j = i - 1; j >= 0; j--) {
                String above = sourceLines.get(j).strip();
                if (above.startsWith("@Test") || above.startsWith("@ParameterizedTest") || above.startsWith("@RepeatedTest")) {
                    return true;
                }
                if (!(above.isEmpty() || above.startsWith("@") || above.startsWith("*") || above.startsWith("/*")
                        || above.startsWith("//") || above.startsWith(")") || above.startsWith("\"") || above.startsWith("+"))) {
                    break;
                }
            }
        }
        return false;
    }

    /** The sources of every test class of that name: this module's own first (every lesson has a LauncherTest). */
    private static List<String> testSources(Path root, String testClass) {
        Path own = Path.of("src", "test", "java").toAbsolutePath();
        return testSourceFiles(root).getOrDefault(testClass, List.of()).stream()
                .sorted(Comparator.comparing((Path p) -> !p.startsWith(own)))
                .map(Notes::contents)
                .toList();
    }

    private static final Map<Path, Map<String, List<Path>>> TEST_SOURCE_FILES = new ConcurrentHashMap<>();

    /**
     * Every test source of the course by class name, found in one walk per JVM that skips what
     * holds none ({@code target}, {@code .git}, the diagram checker's {@code node_modules}): a
     * walk of everything, once per name, took 10 to 15 s of a module's build.
     */
    private static Map<String, List<Path>> testSourceFiles(Path root) {
        return TEST_SOURCE_FILES.computeIfAbsent(root, r -> {
            Map<String, List<Path>> byClass = new HashMap<>();
            try {
                Files.walkFileTree(r, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        return name.equals("target") || name.equals("node_modules") || name.startsWith(".") && !dir.equals(r)
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        String name = file.getFileName().toString();
                        if (name.endsWith(".java") && file.toString().replace('\\', '/').contains("/src/test/java/")) {
                            byClass.computeIfAbsent(name.substring(0, name.length() - ".java".length()), k -> new ArrayList<>()).add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return byClass;
        });
    }

    private static String contents(Path source) {
        try {
            return Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The course's root folder: the one with the Maven Wrapper, above the module the test runs in. */
    public static Path courseRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the course's folder: no mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The fenced code blocks in order (commands, outputs, code), each with its language tag. */
    public List<String> codeBlocks() {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                if (block == null) {
                    block = new StringBuilder(line.strip()).append('\n');
                } else {
                    blocks.add(block.toString());
                    block = null;
                }
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /**
     * Fails unless each of {@code notes} (paths from the module's folder) shows {@code command} and
     * what it printed, word for word, as a console block of its own: {@code $ COMMAND}, the output,
     * the closing fence, at whatever indentation the block has (one inside a list item is indented).
     */
    public static void assertShows(String command, String output, String... notes) throws IOException {
        String prompt = "$ " + command + "\n";
        for (String name : notes) {
            String text = Files.readString(Path.of(name), StandardCharsets.UTF_8).replace("\r\n", "\n");
            int at = text.indexOf(prompt);
            assertThat(at).as("%s shows %s", name, prompt.strip()).isNotNegative();
            int indent = at - (text.lastIndexOf('\n', at) + 1);
            String block = (prompt + output.replace("\r\n", "\n")).indent(indent) + " ".repeat(indent) + "```";
            assertThat(text).as("%s shows what %s prints", name, command).contains(block);
        }
    }

    /**
     * The Chinese twin is in step with the English notes: each links to the other near its top,
     * the same code blocks in the same order (a diagram's labels may be translated, its kind
     * and count may not), and the same tests in the tables.
     */
    public static void assertTwinsInStep(Path english, Path chinese) {
        assertThat(chinese).as("the Chinese notes beside %s", english).exists();
        Notes en = read(english);
        Notes zh = read(chinese);
        assertThat(String.join("\n", en.lines.subList(0, Math.min(8, en.lines.size()))))
                .as("%s links to its Chinese twin near the top", english).contains(chinese.getFileName().toString());
        assertThat(String.join("\n", zh.lines.subList(0, Math.min(8, zh.lines.size()))))
                .as("%s links to the English notes near the top", chinese).contains(english.getFileName().toString());
        assertThat(comparable(zh.codeBlocks())).as("code blocks of %s against %s", chinese, english)
                .containsExactlyElementsOf(comparable(en.codeBlocks()));
        assertThat(zh.namedTests()).as("tests named in the tables of %s against %s", chinese, english)
                .containsExactlyInAnyOrderElementsOf(en.namedTests());
    }

    /** Diagrams are compared by their kind only (their words are translated); every other block whole. */
    private static List<String> comparable(List<String> blocks) {
        return blocks.stream()
                .map(b -> b.startsWith("```mermaid") ? "```mermaid " + b.lines().skip(1).findFirst().orElse("").strip() : b)
                .toList();
    }
}
