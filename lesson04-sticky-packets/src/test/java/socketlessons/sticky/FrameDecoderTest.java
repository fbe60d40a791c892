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
        assertThat(decoder.bufferCapacity()).as("a first room of 1 KiB, not the 16 MiB claimed").isEqualTo(1024);

        decoder.feed(ByteBuffer.wrap(new byte[100_000]), body -> { });
        assertThat(decoder.bufferCapacity()).as("then 64 KiB for the body, then 32 times the body bytes that had come")
                .isEqualTo(4 + 32 * 64 * 1024);
    }

    @Test
    @DisplayName("§6.2 a frame whole inside the input is handed out as one copy of exactly its size, which the handler owns")
    void handsOutAWholeFrameAsOneCopy() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX);
        ByteBuffer direct = ByteBuffer.allocateDirect(9).put(new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'}).flip();
        List<ByteBuffer> bodies = new ArrayList<>();
        decoder.feed(direct, bodies::add);

        assertThat(bodies).singleElement().satisfies(body -> {
            assertThat(body.isReadOnly()).as("a view of the decoder's copy, which it never writes again").isTrue();
            assertThat(body.capacity()).isEqualTo(5);
            assertThat(body).isEqualTo(ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        });
        assertThat(decoder.hasPartialFrame()).as("nothing held between frames").isFalse();
    }

    @Test
    @DisplayName("§6.2 a big frame cut into slices is copied straight into its own buffer, grown at most once up to 1 MiB, and the decoder holds nothing after it")
    void collectsABigFrameIntoItsOwnBuffer() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        byte[] big = new byte[1 << 20];
        new Random(8).nextBytes(big);
        byte[] stream = new LengthPrefixCodec().encode(big);
        List<ByteBuffer> bodies = new ArrayList<>();
        java.util.Set<Integer> capacities = new java.util.LinkedHashSet<>();
        for (int pos = 0; pos < stream.length; pos += 1000) {
            decoder.feed(ByteBuffer.wrap(stream, pos, Math.min(1000, stream.length - pos)), bodies::add);
            capacities.add(decoder.bufferCapacity());
        }

        assertThat(capacities).as("1 KiB for the first read, 64 KiB for the body, then the whole frame")
                .containsExactly(1024, 4 + 64 * 1024, 4 + (1 << 20));
        assertThat(bodies).singleElement().isEqualTo(ByteBuffer.wrap(big));
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    @Test
    @DisplayName("§6.2 a kept body is the handler's: the next frames, fed through the same read buffer, do not overwrite it")
    void keptBodyIsNotOverwrittenByTheNextFrame() throws Exception {
        List<byte[]> sent = messages(new Random(9), 100);
        byte[] stream = stream(sent, ByteOrder.BIG_ENDIAN);
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX);
        ByteBuffer readBuffer = ByteBuffer.allocate(4096); // reused for every read, as lesson05's server does
        List<ByteBuffer> kept = new ArrayList<>();
        Random slices = new Random(10);
        for (int pos = 0; pos < stream.length; ) {
            int n = Math.min(stream.length - pos, 1 + slices.nextInt(readBuffer.capacity()));
            readBuffer.clear().put(stream, pos, n).flip();
            decoder.feed(readBuffer, kept::add); // keeps the buffer itself, no copy
            pos += n;
        }

        assertThat(kept).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(kept.get(i)).as("message %d", i).isEqualTo(ByteBuffer.wrap(sent.get(i)));
        }
    }

    @Test
    @DisplayName("§6.2 recycle, opt-in like Netty's release: once each body is copied, the next reads go over it in the same buffer")
    void recycleLetsTheNextReadsReuseTheBuffer() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX);
        LengthPrefixCodec codec = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, MAX);
        List<String> copies = new ArrayList<>();
        List<ByteBuffer> views = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            decoder.buffer().put(codec.encode(("message " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            decoder.decode(body -> {
                views.add(body.duplicate());
                copies.add(java.nio.charset.StandardCharsets.US_ASCII.decode(body).toString());
            });
            decoder.recycle();
        }

        assertThat(copies).hasSize(1000).startsWith("message 0").endsWith("message 999");
        assertThat(decoder.bufferCapacity()).as("one buffer of 1 KiB all along").isEqualTo(1024);
        assertThat(java.nio.charset.StandardCharsets.US_ASCII.decode(views.get(0)).toString())
                .as("a body kept across recycle() shows later bytes: never recycle while keeping one").isEqualTo("message 9");
    }

    @Test
    @DisplayName("§6.2 recycle() lets a big frame's room go once nothing is held: a client quiet after a big frame (1 MiB here, read as a socket delivers it) keeps 0 bytes for it")
    void recycleLetsABigFramesRoomGo() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX);
        byte[] frame = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, MAX).encode(new byte[MAX]);
        List<Integer> lengths = new ArrayList<>();
        for (int at = 0; at < frame.length; ) {
            ByteBuffer room = decoder.buffer();
            int n = Math.min(Math.min(room.remaining(), 64 * 1024), frame.length - at); // a read takes what the socket holds: 64 KiB here
            room.put(frame, at, n);
            at += n;
            decoder.decode(body -> lengths.add(body.remaining()));
            decoder.recycle();
        }

        assertThat(lengths).containsExactly(MAX);
        assertThat(decoder.bufferCapacity()).as("nothing held after the frame: its room is let go").isZero();
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    @Test
    @DisplayName("§6.2 recycle() keeps a big room that whole frames fill in one read each: a stream of 1 MiB frames is not given a new 1 MiB each")
    void recycleKeepsTheRoomOfFramesThatComeWhole() throws Exception {
        FrameDecoder decoder = new FrameDecoder(ByteOrder.BIG_ENDIAN, MAX);
        byte[] frame = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, MAX).encode(new byte[MAX]);
        List<Integer> lengths = new ArrayList<>();
        List<Integer> capacities = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            decoder.feed(ByteBuffer.wrap(frame), body -> lengths.add(body.remaining()));
            decoder.recycle();
            capacities.add(decoder.bufferCapacity());
        }

        assertThat(lengths).containsExactly(MAX, MAX, MAX, MAX);
        assertThat(capacities.subList(1, 4)).as("after the first frame, the same room for each").containsOnly(capacities.get(0));
        assertThat(capacities.get(0)).as("room for one whole frame, kept").isGreaterThanOrEqualTo(frame.length);
        assertThat(decoder.hasPartialFrame()).isFalse();
    }
}
