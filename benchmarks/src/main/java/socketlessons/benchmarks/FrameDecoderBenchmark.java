package socketlessons.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import socketlessons.sticky.FrameDecoder;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * lesson04's {@link FrameDecoder} against Netty's {@link LengthFieldBasedFrameDecoder} on the
 * same byte stream, cut into the same slices. One operation decodes the whole stream:
 * {@link #frames(int)} frames of {@code frameBytes} each (per-frame figures are the runner's
 * division).
 *
 * <p>Each slice reaches its decoder as a socket read would deliver it: copied into the buffer the
 * read lands in, then decoded. Ours goes into lesson04's decoder's own buffer, at most the room it
 * offers per read ({@code channel.read(decoder.buffer())}, then {@code decode}), as lesson05's
 * selector servers read; Netty's into a buffer from the channel's allocator, as Netty's NIO read
 * loop does, passed down the pipeline with {@code fireChannelRead}. Netty's decoder runs in an
 * {@link EmbeddedChannel}, not by calling {@code decode} directly: its
 * {@code ByteToMessageDecoder} part (keeping a frame cut across reads, the "cumulation") is
 * half of the work with small slices, and a direct {@code decode} call would skip it. The frames
 * come out to a last handler that counts them and releases them, as ours come out to a
 * {@link FrameDecoder.FrameHandler} that counts them, after which {@link FrameDecoder#recycle()}
 * says none was kept.
 *
 * <p>What each hands out: a view of the bytes as they were read, no copy (Netty a retained slice
 * of its pooled buffer, ours a read-only slice of the decoder's buffer). What lets each use its
 * memory again: Netty's release of each frame, our {@code recycle()}. Without it, ours keeps every
 * body valid, and every byte read lands in fresh memory: measured here (2 cores, JDK 25, thread CPU
 * time) that costs about half of Netty's rate with whole 4 KiB and 1 MiB frames; with random and
 * one-byte slices ours stays ahead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameDecoderBenchmark {

    /** Slices are cut from the stream by a Random with this seed: the same slices every run. */
    static final long SEED = 42;
    /** A slice is at most this long: lesson05's read buffer (a "whole" 1 MiB frame is longer: it gets a buffer as big). */
    static final int MAX_RANDOM_SLICE = 64 * 1024;
    private static final int STREAM_BYTES = 256 * 1024;

    @Param({"64", "4096", "1048576"})
    public int frameBytes;

    /** whole: one frame per slice; one-byte: every byte alone; random: 1 to 64 KiB, seeded. */
    @Param({"whole", "one-byte", "random"})
    public String slicing;

    /** Bytes of frames in one operation's stream ({@code CodecSmokeTest} passes fewer for its one-byte slices). */
    int streamBytes = STREAM_BYTES;
    byte[] stream;
    int[] sliceEnds;

    private FrameDecoder ours;
    private FrameDecoder.FrameHandler ourSink;

    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private ByteBufAllocator alloc;

    long frames;
    long checksum;

    /** Frames in one operation's stream: 256 KiB of them, and at least 2. */
    static int frames(int frameBytes) {
        return frames(frameBytes, STREAM_BYTES);
    }

    static int frames(int frameBytes, int streamBytes) {
        return Math.max(2, streamBytes / frameBytes);
    }

    @Setup(Level.Trial)
    public void setUp() {
        int count = frames(frameBytes, streamBytes);
        LengthPrefixCodec codec = new LengthPrefixCodec();
        ByteBuffer all = ByteBuffer.allocate(count * (frameBytes + 4));
        Random random = new Random(SEED);
        for (int i = 0; i < count; i++) {
            byte[] body = new byte[frameBytes];
            random.nextBytes(body);
            all.put(codec.encode(body));
        }
        stream = all.array();
        sliceEnds = slice(stream.length, frameBytes + 4, slicing, new Random(SEED));

        ours = new FrameDecoder(ByteOrder.BIG_ENDIAN, LengthPrefixCodec.DEFAULT_MAX_FRAME);
        ourSink = body -> count(body.remaining(), body.remaining() == 0 ? 0 : body.get(body.position()));

        channel = new EmbeddedChannel(new LengthFieldBasedFrameDecoder(LengthPrefixCodec.DEFAULT_MAX_FRAME, 0, 4, 0, 4),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf body = (ByteBuf) msg;
                        count(body.readableBytes(), body.readableBytes() == 0 ? 0 : body.getByte(body.readerIndex()));
                        body.release();
                    }
                });
        pipeline = channel.pipeline();
        alloc = channel.alloc();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** Where each slice ends, for a stream of {@code length} bytes made of frames of {@code frameLength} bytes. */
    static int[] slice(int length, int frameLength, String slicing, Random random) {
        return switch (slicing) {
            case "whole" -> ends(length, () -> frameLength);
            case "one-byte" -> ends(length, () -> 1);
            case "random" -> ends(length, () -> 1 + random.nextInt(MAX_RANDOM_SLICE));
            default -> throw new IllegalArgumentException("slicing is whole, one-byte or random, not " + slicing);
        };
    }

    private static int[] ends(int length, java.util.function.IntSupplier nextSlice) {
        java.util.List<Integer> ends = new java.util.ArrayList<>();
        for (int end = 0; end < length; ) {
            end = Math.min(length, end + nextSlice.getAsInt());
            ends.add(end);
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    private void count(int bodyBytes, int firstByte) {
        frames++;
        checksum = checksum * 31 + bodyBytes + firstByte;
    }

    @Benchmark
    public long lesson04() throws IOException {
        checksum = 0;
        int start = 0;
        for (int end : sliceEnds) {
            while (start < end) { // as channel.read(ours.buffer()) would: at most the room there is, then decode
                ByteBuffer room = ours.buffer();
                int n = Math.min(room.remaining(), end - start);
                room.put(stream, start, n);
                start += n;
                ours.decode(ourSink);
                ours.recycle(); // the sink kept no body, as Netty's handler releases each one
            }
        }
        return checksum;
    }

    @Benchmark
    public long netty() {
        checksum = 0;
        int start = 0;
        for (int end : sliceEnds) {
            ByteBuf read = alloc.ioBuffer(end - start); // as Netty's NIO read loop allocates a buffer per read
            read.writeBytes(stream, start, end - start);
            pipeline.fireChannelRead(read); // the decoder owns it from here and releases it
            start = end;
        }
        pipeline.fireChannelReadComplete();
        return checksum;
    }
}
