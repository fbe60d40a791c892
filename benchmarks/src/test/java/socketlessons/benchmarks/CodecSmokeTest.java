package socketlessons.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The codec benchmark's setup and one pass of each decoder, without JMH: both see the same frames. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("benchmarks smoke: the codec benchmark's decoders see the same frames")
class CodecSmokeTest {

    @ParameterizedTest(name = "{0} B frames, {1} slices")
    @CsvSource({"64, whole", "64, one-byte", "64, random", "4096, whole", "4096, one-byte", "4096, random",
        "1048576, whole", "1048576, random"})
    @DisplayName("one pass of lesson04's and Netty's decoder: every frame, the same checksum")
    void bothDecodersSeeEveryFrame(int frameBytes, String slicing) throws Exception {
        FrameDecoderBenchmark bench = new FrameDecoderBenchmark();
        bench.frameBytes = frameBytes;
        bench.slicing = slicing;
        if (slicing.equals("one-byte")) {
            bench.streamBytes = 16 * 1024; // a decode call per byte, and Netty's a read each: 16 KiB show the same as 256
        }
        bench.setUp();
        try {
            long ours = bench.lesson04();
            assertThat(bench.frames).isEqualTo(FrameDecoderBenchmark.frames(frameBytes, bench.streamBytes));
            long netty = bench.netty();
            assertThat(bench.frames).isEqualTo(2L * FrameDecoderBenchmark.frames(frameBytes, bench.streamBytes));
            assertThat(netty).isEqualTo(ours);
            assertThat(bench.lesson04()).as("a second pass: the decoder kept no state across").isEqualTo(ours);
        } finally {
            bench.tearDown();
        }
    }

    @Test
    @DisplayName("slices cover the stream exactly: whole frames, single bytes, seeded random lengths up to 64 KiB")
    void slicesCoverTheStream() {
        assertThat(FrameDecoderBenchmark.slice(10, 5, "whole", new Random(1))).containsExactly(5, 10);
        assertThat(FrameDecoderBenchmark.slice(3, 5, "one-byte", new Random(1))).containsExactly(1, 2, 3);
        int[] random = FrameDecoderBenchmark.slice(1_000_000, 68, "random", new Random(FrameDecoderBenchmark.SEED));
        assertThat(random[random.length - 1]).isEqualTo(1_000_000);
        assertThat(random).isEqualTo(FrameDecoderBenchmark.slice(1_000_000, 68, "random", new Random(FrameDecoderBenchmark.SEED)));
        for (int i = 1; i < random.length; i++) {
            assertThat(random[i] - random[i - 1]).isBetween(1, FrameDecoderBenchmark.MAX_RANDOM_SLICE);
        }
    }
}
