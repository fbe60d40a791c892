package socketlessons.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The Markdown tables of RESULTS.md, from the runs' figures. */
final class Report {

    private Report() {
    }

    /** The median of the values (the mean of the middle two for an even count); NaN values are left out. */
    static double median(double... values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * One row per server and number of clients: medians over the rounds, with min–max for
     * messages/s; the ratio is of the medians; errors are summed over the rounds.
     */
    static String echoTable(List<EchoLoadBenchmark.Run> runs, List<ServerKind> servers, List<Integer> clientCounts) {
        StringBuilder out = new StringBuilder();
        out.append("| server | clients | messages/s, median (min–max) | × Netty | p50 µs | p99 µs | server CPU µs/message | server RSS MiB (peak) | server threads (peak) | errors (all rounds) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int clients : clientCounts) {
            double netty = median(values(runs, ServerKind.NETTY, clients, EchoLoadBenchmark.Run::messagesPerSecond));
            for (ServerKind server : servers) {
                List<EchoLoadBenchmark.Run> mine = runs.stream().filter(r -> r.server() == server && r.clients() == clients).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                double[] rates = values(mine, EchoLoadBenchmark.Run::messagesPerSecond);
                double rate = median(rates);
                long errors = mine.stream().mapToLong(EchoLoadBenchmark.Run::errors).sum();
                int leastConnected = mine.stream().mapToInt(EchoLoadBenchmark.Run::connected).min().orElse(0);
                out.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f (%,.0f–%,.0f) | %s | %,.0f | %,.0f | %s | %,.0f | %,.0f | %s |%n",
                        server.label(), clients, rate, min(rates), max(rates),
                        Double.isNaN(netty) || netty == 0 ? "–" : String.format(Locale.ROOT, "%.2f", rate / netty),
                        median(values(mine, r -> r.p50Micros())), median(values(mine, r -> r.p99Micros())),
                        format(median(values(mine, EchoLoadBenchmark.Run::cpuMicrosPerMessage)), "%.1f"),
                        median(values(mine, r -> r.rssKiB() / 1024.0)), median(values(mine, r -> r.peakThreads())),
                        errors + (leastConnected < clients ? String.format(Locale.ROOT, " (connected %,d)", leastConnected) : "")));
            }
        }
        return out.toString();
    }

    /** The first error each failing row's runs reported, so a reader knows what the errors were. */
    static String echoErrors(List<EchoLoadBenchmark.Run> runs) {
        return runs.stream().filter(r -> r.firstError() != null && !r.firstError().equals("null"))
                .map(r -> String.format(Locale.ROOT, "- %s, %,d clients, round %d: %,d errors; first: %s",
                        r.server().label(), r.clients(), r.round(), r.errors(), r.firstError()))
                .collect(Collectors.joining("\n"));
    }

    /** One row per stream: both decoders side by side, per frame. */
    static String codecTable(List<CodecBenchmark.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| frame | slices | lesson04 frames/s | Netty frames/s | lesson04 ÷ Netty | lesson04 B allocated/frame | Netty B allocated/frame |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|\n");
        List<String> keys = new ArrayList<>();
        for (CodecBenchmark.Row row : rows) {
            String key = row.frameBytes() + "/" + row.slicing();
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        for (String key : keys) {
            CodecBenchmark.Row ours = find(rows, key, "lesson04");
            CodecBenchmark.Row netty = find(rows, key, "netty");
            CodecBenchmark.Row any = ours != null ? ours : netty;
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n",
                    size(any.frameBytes()), any.slicing(), rate(ours), rate(netty),
                    ours == null || netty == null ? "–" : String.format(Locale.ROOT, "%.2f", ours.framesPerSecond() / netty.framesPerSecond()),
                    ours == null ? "–" : format(ours.bytesAllocatedPerFrame(), "%.1f"),
                    netty == null ? "–" : format(netty.bytesAllocatedPerFrame(), "%.1f")));
        }
        return out.toString();
    }

    private static CodecBenchmark.Row find(List<CodecBenchmark.Row> rows, String key, String decoder) {
        return rows.stream().filter(r -> (r.frameBytes() + "/" + r.slicing()).equals(key) && r.decoder().equals(decoder))
                .findFirst().orElse(null);
    }

    private static String rate(CodecBenchmark.Row row) {
        if (row == null) {
            return "–";
        }
        String rate = String.format(Locale.ROOT, "%,.0f", row.framesPerSecond());
        // JMH gives no error with fewer than 2 measured iterations (a quick run's): then none is printed
        return Double.isNaN(row.framesPerSecondError()) ? rate : rate + String.format(Locale.ROOT, " ± %,.0f", row.framesPerSecondError());
    }

    static String size(int bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }

    private static String format(double value, String pattern) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, pattern, value);
    }

    private static double[] values(List<EchoLoadBenchmark.Run> runs, ServerKind server, int clients,
            ToDoubleFunction<EchoLoadBenchmark.Run> field) {
        return values(runs.stream().filter(r -> r.server() == server && r.clients() == clients).toList(), field);
    }

    private static double[] values(List<EchoLoadBenchmark.Run> runs, ToDoubleFunction<EchoLoadBenchmark.Run> field) {
        return runs.stream().mapToDouble(field).toArray();
    }

    private static double min(double[] values) {
        OptionalDouble min = Arrays.stream(values).min();
        return min.orElse(Double.NaN);
    }

    private static double max(double[] values) {
        OptionalDouble max = Arrays.stream(values).max();
        return max.orElse(Double.NaN);
    }

    /**
     * Another program's output pasted as it is, except that its {@code # progress} lines go in a
     * code block: left bare, Markdown would show each as a heading.
     */
    static String fenceCommentLines(String output) {
        StringBuilder out = new StringBuilder();
        boolean inBlock = false;
        for (String line : output.split("\n", -1)) {
            boolean comment = line.startsWith("#");
            if (comment != inBlock) {
                out.append("```").append(comment ? "text" : "").append('\n');
                inBlock = comment;
            }
            out.append(line).append('\n');
        }
        if (inBlock) {
            out.append("```\n");
        }
        return out.toString().stripTrailing();
    }
}
