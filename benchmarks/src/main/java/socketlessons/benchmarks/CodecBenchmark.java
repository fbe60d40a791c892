package socketlessons.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link FrameDecoderBenchmark} through JMH's API (one forked JVM per row, JMH's GC
 * profiler on) and turns JMH's per-stream figures into per-frame ones.
 */
final class CodecBenchmark {

    record Settings(List<String> frameBytes, List<String> slicings, int warmupIterations, int iterations, double iterationSeconds) {
    }

    /** One row: a decoder on one stream; throughput in frames/s, allocation in bytes per frame (JMH's gc.alloc.rate.norm / frames). */
    record Row(String decoder, int frameBytes, String slicing, double framesPerSecond, double framesPerSecondError,
            double bytesAllocatedPerFrame) {
    }

    private final Settings settings;

    CodecBenchmark(Settings settings) {
        this.settings = settings;
    }

    /** The JMH options, also printed in RESULTS.md. */
    Options options() {
        TimeValue iteration = TimeValue.milliseconds((long) (settings.iterationSeconds() * 1000));
        return new OptionsBuilder()
                .include(FrameDecoderBenchmark.class.getName() + "\\.")
                .param("frameBytes", settings.frameBytes().toArray(String[]::new))
                .param("slicing", settings.slicings().toArray(String[]::new))
                .forks(1)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(iteration)
                .measurementIterations(settings.iterations())
                .measurementTime(iteration)
                .addProfiler(GCProfiler.class)
                .build();
    }

    String describe() {
        return String.format("JMH 1.37, throughput mode, 1 fork, %d warm-up and %d measured iterations of %.1f s, -prof gc",
                settings.warmupIterations(), settings.iterations(), settings.iterationSeconds());
    }

    List<Row> run() throws RunnerException {
        Collection<RunResult> results = new Runner(options()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            String decoder = method.substring(method.lastIndexOf('.') + 1);
            int frameBytes = Integer.parseInt(result.getParams().getParam("frameBytes"));
            String slicing = result.getParams().getParam("slicing");
            int frames = FrameDecoderBenchmark.frames(frameBytes);
            Result<?> primary = result.getPrimaryResult();
            Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            rows.add(new Row(decoder, frameBytes, slicing, primary.getScore() * frames, primary.getScoreError() * frames,
                    alloc == null ? Double.NaN : alloc.getScore() / frames));
        }
        return rows;
    }
}
