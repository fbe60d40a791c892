package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§6.2 解决粘包: the incremental frame decoder for non-blocking code")
class FrameDecoderTest {

    private static final int MAX = 1 << 20;

    /** A seeded set of messages, 0 to 70,000 bytes, and the stream that carries them. */
    private static List<byte[]> messages(Random random, int count) {
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] body = new byte[random.nextInt(8) == 0 ? random.nextInt(70_000) : random.nextInt(200)];
            random.nextBytes(body);
            messages.add(body);
        }
        messages.add(new byte[0]);
        return messages;
    }

    private static byte[] stream(List<byte[]> messages, ByteOrder order) {
        LengthPrefixCodec codec = new LengthPrefixCodec(order, MAX);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        messages.forEach(m -> out.writeBytes(codec.encode(m)));
        return out.toByteArray();
    }

    /** Feeds {@code stream} in slices chosen by {@code sliceSize} and collects the frames. */
    private static List<byte[]> decode(FrameDecoder decoder, byte[] stream, java.util.function.IntSupplier sliceSize) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        int pos = 0;
        while (pos < stream.length) {
            int n = Math.min(stream.length - pos, Math.max(1, sliceSize.getAsInt()));
            decoder.feed(ByteBuffer.wrap(stream, pos, n), body -> {
                byte[] copy = new byte[body.remaining()];
                body.get(copy);
                frames.add(copy);
            });
            pos += n;
        }
        return frames;
    }

    @Test
    @DisplayName("§6.2 whole frames fed at once: every message comes out, in order")
    void decodesWholeStreamAtOnce() throws Exception {
        List<byte[]> sent = messages(new Random(1), 200);
        List<byte[]> got = decode(new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX), stream(sent, ByteOrder.BIG_ENDIAN), () -> Integer.MAX_VALUE);
        assertThat(got).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("§6.2 one byte at a time (the worst slicing TCP can do): the same messages come out")
    void decodesOneByteAtATime() throws Exception {
        List<byte[]> sent = messages(new Random(2), 60);
        FrameDecoder decoder = new FrameDecoder(ByteOrder.LITTLE_ENDIAN, MAX);
        List<byte[]> got = decode(decoder, stream(sent, ByteOrder.LITTLE_ENDIAN), () -> 1);
        assertThat(got).containsExactlyElementsOf(sent);
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 4, 5, 6, 7})
    @DisplayName("§6.2 random slices from a seed: the same messages come out")
    void decodesRandomSlices(long seed) throws Exception {
        Random random = new Random(seed);
        List<byte[]> sent = messages(random, 300);
        List<byte[]> got = decode(new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX), stream(sent, ByteOrder.BIG_ENDIAN),
                () -> random.nextInt(random.nextBoolean() ? 10 : 100_000));
        assertThat(got).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("§6.2 a partial frame is held until the rest arrives")
    void holdsPartialFrameUntilTheRestArrives() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX);
        List<String> got = new ArrayList<>();
        FrameDecoder.FrameHandler collect = body -> got.add(java.nio.charset.StandardCharsets.UTF_8.decode(body).toString());

        decoder.feed(ByteBuffer.wrap(new byte[] {0, 0}), collect);
        assertThat(decoder.hasPartialFrame()).isTrue();
        decoder.feed(ByteBuffer.wrap(new byte[] {0, 5, 'h', 'e'}), collect);
        assertThat(got).isEmpty();
        decoder.feed(ByteBuffer.wrap(new byte[] {'l', 'l', 'o', 0, 0, 0, 0}), collect);

        assertThat(got).containsExactly("hello", "");
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    @Test
    @DisplayName("§6.2 bad input: -1 and maximum + 1 are refused with the numbers, and the decoder stays refused")
    void refusesBadLengths() throws Exception {
        FrameDecoder negative = new FrameDecoder(ByteOrder.BIG_ENDIAN, 100);
        assertThatThrownBy(() -> negative.feed(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1}), body -> { }))
                .isInstanceOf(FrameException.class).hasMessage("frame length -1 is negative");
        assertThatThrownBy(() -> negative.feed(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 1}), body -> { }))
                .isInstanceOf(FrameException.class).hasMessage("decoder already failed: close the connection");

        FrameDecoder small = new FrameDecoder(ByteOrder.BIG_ENDIAN, 100);
        List<Integer> sizes = new ArrayList<>();
        small.feed(ByteBuffer.wrap(new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, 100).encode(new byte[100])), body -> sizes.add(body.remaining()));
        assertThat(sizes).containsExactly(100);
        assertThatThrownBy(() -> small.feed(ByteBuffer.wrap(new byte[] {0, 0, 0, 101}), body -> { }))
                .isInstanceOf(FrameException.class).hasMessage("frame length 101 is above the maximum of 100 bytes");
    }

    @Test
    @DisplayName("§6.2 bad input: a claim near the maximum, with few bytes behind it, allocates only what arrived")
    void neverAllocatesWhatThePeerOnlyClaims() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        decoder.feed(ByteBuffer.wrap(new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), body -> { });

        assertThat(decoder.hasPartialFrame()).isTrue();
        assertThat(decoder.bufferCapacity()).isLessThanOrEqualTo(4 * 1024);
    }

    @Test
    @DisplayName("§6.2 a frame whole inside the input is handed out as a read-only view, not a copy")
    void handsOutWholeFramesWithoutCopying() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX);
        ByteBuffer direct = ByteBuffer.allocateDirect(9).put(new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'}).flip();
        List<Boolean> views = new ArrayList<>();
        decoder.feed(direct, body -> views.add(body.isReadOnly() && body.isDirect()));

        assertThat(views).containsExactly(true);
        assertThat(decoder.bufferCapacity()).isZero();
    }

    @Test
    @DisplayName("§6.2 a big frame's buffer is kept while big frames come back to back, and dropped once the input ends between frames")
    void keepsABigBufferOnlyWhileBigFramesKeepComing() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX);
        LengthPrefixCodec codec = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, MAX);
        byte[] big = new byte[100_000];
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(codec.encode(big));
        two.writeBytes(codec.encode(big));
        byte[] stream = two.toByteArray();
        List<Integer> sizes = new ArrayList<>();
        int cut = stream.length / 2 + 10; // inside the second frame's body

        decoder.feed(ByteBuffer.wrap(stream, 0, 50_000), body -> sizes.add(body.remaining()));
        decoder.feed(ByteBuffer.wrap(stream, 50_000, cut - 50_000), body -> sizes.add(body.remaining()));
        assertThat(sizes).containsExactly(100_000);
        assertThat(decoder.bufferCapacity()).as("the next big frame has begun: the buffer is reused").isGreaterThanOrEqualTo(100_000);

        decoder.feed(ByteBuffer.wrap(stream, cut, stream.length - cut), body -> sizes.add(body.remaining()));
        assertThat(sizes).containsExactly(100_000, 100_000);
        assertThat(decoder.bufferCapacity()).as("idle between frames: an idle connection holds no big buffer").isZero();
    }
}
