package socketlessons.benchmarks;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import socketlessons.nonblocking.EchoServer;
import socketlessons.nonblocking.LoadClient;

/**
 * {@code java -jar benchmarks.jar <command>}: {@code run} does everything and writes
 * RESULTS.md; {@code server} and {@code load} are the two JVMs each load run starts.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, version = "socket-lessons benchmarks 1.0",
        description = "The course's servers and codec side by side with Netty's.",
        subcommands = {Launcher.Run.class, Launcher.Server.class, Launcher.Load.class})
public final class Launcher {

    /** What {@code load} prints when its measured window opens and closes, and before its figures. */
    static final String WINDOW_OPENED = "window opened";
    static final String WINDOW_CLOSED = "window closed";
    static final String RESULT = "result ";

    final PrintWriter out;

    Launcher(PrintStream out) {
        this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    static int run(PrintStream out, String... args) {
        Launcher launcher = new Launcher(out);
        CommandLine cli = new CommandLine(launcher);
        cli.setOut(launcher.out);
        cli.setErr(launcher.out);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            launcher.out.println("error: " + e);
            e.printStackTrace(launcher.out);
            return 1;
        });
        return cli.execute(args);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "runs every benchmark (echo servers under load, codec, upload) and writes RESULTS.md.")
    static final class Run implements Callable<Integer> {
        @ParentCommand Launcher console;

        @Option(names = "--quick", description = "one short round, 64-byte codec rows only: checks that everything runs (a few minutes)")
        boolean quick;

        @Option(names = "--results", defaultValue = "RESULTS.md", description = "where to write the report (default: ${DEFAULT-VALUE})")
        Path results;

        @Option(names = "--homework-jar", defaultValue = "../homework/upload/target/homework-upload.jar",
                description = "the upload homework's jar, for its upload-bench (default: ${DEFAULT-VALUE})")
        Path homeworkJar;

        @Option(names = "--command", defaultValue = "java -jar target/benchmarks.jar run",
                description = "the command line to print in the report (default: ${DEFAULT-VALUE})")
        String command;

        @Override
        public Integer call() throws Exception {
            BenchmarkRun.Plan plan = quick ? BenchmarkRun.Plan.quickRun() : BenchmarkRun.Plan.fullRun();
            new BenchmarkRun(plan, results, homeworkJar, command, console.out).run();
            return 0;
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "one of the servers, framed uppercase echo, for a set time.")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher console;

        @Option(names = "--kind", required = true, description = "${COMPLETION-CANDIDATES}")
        ServerKind kind;

        @Option(names = "--port", defaultValue = "0", description = "port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--stop-after", required = true, description = "seconds; then it stops by itself")
        double stopAfterSeconds;

        @Override
        public Integer call() throws Exception {
            try (EchoServer server = kind.open(new InetSocketAddress("127.0.0.1", port), console.out::println)) {
                server.start();
                console.out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
                Thread.sleep((long) (stopAfterSeconds * 1000)); // the run that started it kills it sooner, normally
            }
            return 0;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "lesson05's load client; says when its measured window opens and closes, then prints its figures.")
    static final class Load implements Callable<Integer> {
        @ParentCommand Launcher console;

        @Option(names = "--port", required = true, description = "the server's port on 127.0.0.1")
        int port;

        @Option(names = "--clients", defaultValue = "100", description = "connections (default: ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--warmup", defaultValue = "2", description = "seconds after every connection is open, not measured (default: ${DEFAULT-VALUE})")
        double warmup;

        @Option(names = "--seconds", defaultValue = "5", description = "seconds measured (default: ${DEFAULT-VALUE})")
        double seconds;

        @Override
        public Integer call() throws Exception {
            LoadClient.Window window = new LoadClient.Window() {
                @Override
                public void opened() {
                    console.out.println(WINDOW_OPENED); // println flushes: the run reads it at once
                }

                @Override
                public void closed() {
                    console.out.println(WINDOW_CLOSED);
                }
            };
            LoadClient.Result r = new LoadClient(new InetSocketAddress("127.0.0.1", port), clients, warmup, seconds, window).run();
            console.out.println(r);
            console.out.println(String.format(Locale.ROOT, "%sconnected=%d messages=%d seconds=%.6f p50=%d p99=%d errors=%d firstError=%s",
                    RESULT, r.connected(), r.messages(), r.seconds(), r.p50Micros(), r.p99Micros(), r.errors(), r.firstError()));
            return 0;
        }
    }
}
