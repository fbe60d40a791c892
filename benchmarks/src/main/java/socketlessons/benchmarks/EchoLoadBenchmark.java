package socketlessons.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The echo servers under load. Each run starts one server in a JVM of its own and lesson05's
 * load client in another (they share this machine's cores: say so when reading the figures),
 * and measures one server at one number of clients. The load client says when its measured
 * window opens and closes, and the server's CPU time is read at those two moments, so that
 * the CPU charged to the messages counted is the CPU spent on them (and not on starting up,
 * accepting 10,000 connections, or warming up).
 *
 * <p>Rounds rotate the order of the servers, so that none always runs first (on a cold machine)
 * or right after the heaviest one.
 */
final class EchoLoadBenchmark {

    /** What to run: clients per row, rounds, and each run's warm-up and measured seconds. */
    record Settings(List<ServerKind> servers, List<Integer> clients, int rounds, double warmupSeconds, double seconds) {
    }

    /** One run's figures. CPU is user + system over the measured window; memory the server's peak resident set. */
    record Run(ServerKind server, int clients, int round, int connected, long messages, double seconds, long p50Micros,
            long p99Micros, long errors, String firstError, double cpuMicrosPerMessage, long rssKiB, long peakThreads) {

        double messagesPerSecond() {
            return seconds == 0 ? 0 : messages / seconds;
        }
    }

    /** lesson05's load client gives up connecting after 60 s; the rest is slack for JVM start and close. */
    private static final double CONNECT_LIMIT_SECONDS = 60;
    private static final double SLACK_SECONDS = 60;

    private final Settings settings;
    private final Consumer<String> progress;

    EchoLoadBenchmark(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    List<Run> runAll() throws IOException, InterruptedException {
        List<Run> runs = new ArrayList<>();
        List<ServerKind> servers = settings.servers();
        for (int round = 1; round <= settings.rounds(); round++) {
            for (int clients : settings.clients()) {
                for (int i = 0; i < servers.size(); i++) {
                    ServerKind server = servers.get((i + round - 1) % servers.size()); // rotated each round
                    Run run = runOnce(server, clients, round);
                    progress.accept(String.format("round %d, %s, %,d clients: %,.0f messages/s, %.1f µs CPU per message, errors %d",
                            round, server.label(), clients, run.messagesPerSecond(), run.cpuMicrosPerMessage(), run.errors()));
                    runs.add(run);
                }
            }
        }
        return runs;
    }

    Run runOnce(ServerKind kind, int clients, int round) throws IOException, InterruptedException {
        double limit = CONNECT_LIMIT_SECONDS + settings.warmupSeconds() + settings.seconds() + SLACK_SECONDS;
        // The server stops by itself after the longest a run can take, even if this JVM dies first.
        try (ChildJvm server = ChildJvm.start(List.of("server", "--kind", kind.name(), "--port", "0",
                "--stop-after", Double.toString(limit + SLACK_SECONDS)))) {
            int port = awaitPort(server);
            AtomicLong peakThreads = new AtomicLong(-1);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peakThreads.accumulateAndGet(server.status("Threads"), Math::max),
                    0, 100, TimeUnit.MILLISECONDS);
            try (ChildJvm load = ChildJvm.start(List.of("load", "--port", Integer.toString(port),
                    "--clients", Integer.toString(clients), "--warmup", Double.toString(settings.warmupSeconds()),
                    "--seconds", Double.toString(settings.seconds())))) {
                long cpuAtOpen = -1;
                long cpuAtClose = -1;
                String result = null;
                long deadline = System.nanoTime() + (long) (limit * 1e9);
                Optional<String> line;
                while ((line = load.nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))).isPresent()) {
                    String text = line.get();
                    if (text.equals(Launcher.WINDOW_OPENED)) {
                        cpuAtOpen = server.cpuNanos();
                    } else if (text.equals(Launcher.WINDOW_CLOSED)) {
                        cpuAtClose = server.cpuNanos();
                    } else if (text.startsWith(Launcher.RESULT)) {
                        result = text;
                    }
                }
                if (result == null) {
                    throw new IOException("the load against " + kind.label() + " gave no result: " + load.lastLines());
                }
                Map<String, String> fields = fields(result);
                long messages = Long.parseLong(fields.get("messages"));
                double cpuMicros = cpuAtOpen < 0 || cpuAtClose < 0 || messages == 0 ? Double.NaN
                        : (cpuAtClose - cpuAtOpen) / 1e3 / messages;
                sampler.shutdownNow();
                return new Run(kind, clients, round, Integer.parseInt(fields.get("connected")), messages,
                        Double.parseDouble(fields.get("seconds")), Long.parseLong(fields.get("p50")),
                        Long.parseLong(fields.get("p99")), Long.parseLong(fields.get("errors")), fields.get("firstError"),
                        cpuMicros, server.status("VmHWM"), peakThreads.get());
            } finally {
                sampler.shutdownNow();
            }
        }
    }

    private static int awaitPort(ChildJvm server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Optional<String> line;
        while ((line = server.nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))).isPresent()) {
            if (line.get().startsWith("listening on ")) {
                return Integer.parseInt(line.get().substring(line.get().lastIndexOf(':') + 1));
            }
        }
        throw new IOException("the server did not start: " + server.lastLines());
    }

    /** {@code result a=1 b=2 ... firstError=text with spaces}: firstError comes last and takes the rest of the line. */
    static Map<String, String> fields(String result) {
        Map<String, String> fields = new HashMap<>();
        String rest = result.substring(Launcher.RESULT.length());
        int error = rest.indexOf("firstError=");
        if (error >= 0) {
            fields.put("firstError", rest.substring(error + "firstError=".length()));
            rest = rest.substring(0, error);
        }
        for (String pair : rest.trim().split(" ")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return fields;
    }
}
