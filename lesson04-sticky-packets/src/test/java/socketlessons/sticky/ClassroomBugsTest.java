package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Background;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§6.2 the classroom's receiving bugs, and the code that avoids them")
class ClassroomBugsTest {

    private static final String MD5_LINE = "5d41402abc4b2a76b9719d911017c592";

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        return body;
    }

    /** What a receiver does with a body, given the socket's input and the announced size. */
    private interface Receiver {
        long receive(InputStream in, long size, OutputStream file) throws Exception;
    }

    /**
     * Sends {@code file} in 500-byte pieces, each only after the receiver has taken the one
     * before: every read the receiver makes returns 500 bytes, short of its 1024-byte buffer.
     */
    private static byte[] dripToReceiver(byte[] file, Receiver receiver) throws Exception {
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        try (LoopbackPair pair = LoopbackPair.open()) {
            InputStream in = pair.conn.getInputStream();
            CompletableFuture<Long> receiving = Background.call(() -> receiver.receive(in, file.length, saved));
            OutputStream out = pair.client.getOutputStream();
            for (int off = 0; off < file.length && !receiving.isDone(); off += 500) {
                out.write(file, off, 500);
                int sent = off + 500;
                // The next piece leaves only once the receiver has written this one out: no two pieces meet in one read.
                await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> saved.size() >= sent || receiving.isDone());
            }
            assertThat(receiving.get(10, TimeUnit.SECONDS)).isEqualTo(saved.size());
        }
        return saved.toByteArray();
    }

    @Test
    @DisplayName("§6.2 classroom bug: filesize -= 1024 instead of len(chunk): short reads end the loop early, the file is cut")
    void reproducesCountdownByBufferSizeCuttingTheFile() throws Exception {
        byte[] file = body(10_000);

        byte[] saved = dripToReceiver(file, NaiveReceiver::countDownByBufferSize);

        // 10 turns of "filesize -= 1024" use up 10,000 bytes of count, but each turn got only 500.
        assertThat(saved).hasSize(5_000).isEqualTo(java.util.Arrays.copyOf(file, 5_000));
    }

    @Test
    @DisplayName("§6.2 fix: count down by what each read returned: every byte of the file arrives")
    void fixesCountdownByCountingWhatEachReadReturned() throws Exception {
        byte[] file = body(10_000);

        byte[] saved = dripToReceiver(file, (in, size, out) -> {
            HeaderCodec.copyBody(in, out, size, done -> { });
            return size;
        });

        assertThat(saved).isEqualTo(file);
    }

    @Test
    @DisplayName("§6.2 classroom bug: recv(1024) to the end over-reads: the MD5 sent after the body is swallowed into the file")
    void reproducesFullReadsSwallowingTheNextMessage() throws Exception {
        byte[] file = body(3_000); // 1024 + 1024 + 952: the third read asks for 72 bytes too many
        try (LoopbackPair pair = LoopbackPair.open()) {
            OutputStream out = pair.client.getOutputStream();
            out.write(file);
            out.write(MD5_LINE.getBytes(StandardCharsets.US_ASCII));
            pair.awaitArrived(file.length + MD5_LINE.length());
            ByteArrayOutputStream saved = new ByteArrayOutputStream();

            long written = NaiveReceiver.countDownWithFullReads(pair.conn.getInputStream(), file.length, saved);

            assertThat(written).isEqualTo(file.length + MD5_LINE.length());
            assertThat(new String(saved.toByteArray(), file.length, MD5_LINE.length(), StandardCharsets.US_ASCII)).isEqualTo(MD5_LINE);
            pair.client.shutdownOutput();
            assertThat(pair.conn.getInputStream().read()).as("nothing left for the MD5 check").isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("§6.2 fix: copyBody asks each read for at most what the body has left, so the MD5 stays for the next read")
    void fixesOverReadWithBoundedReads() throws Exception {
        byte[] file = body(3_000);
        try (LoopbackPair pair = LoopbackPair.open()) {
            OutputStream out = pair.client.getOutputStream();
            out.write(file);
            out.write(MD5_LINE.getBytes(StandardCharsets.US_ASCII));
            pair.awaitArrived(file.length + MD5_LINE.length());
            ByteArrayOutputStream saved = new ByteArrayOutputStream();

            HeaderCodec.copyBody(pair.conn.getInputStream(), saved, file.length, done -> { });

            assertThat(saved.toByteArray()).isEqualTo(file);
            assertThat(pair.conn.getInputStream().readNBytes(MD5_LINE.length())).asString(StandardCharsets.US_ASCII).isEqualTo(MD5_LINE);
        }
    }

    @Test
    @DisplayName("§6.2 classroom bug: trusting one recv(4): with 2 header bytes arrived, the length comes out wrong")
    void reproducesShortHeaderReadGivingWrongLength() throws Exception {
        byte[] header = new LengthPrefixCodec().encode(new byte[300]); // 00 00 01 2c
        try (LoopbackPair pair = LoopbackPair.open()) {
            OutputStream out = pair.client.getOutputStream();
            out.write(header, 0, 2);
            pair.awaitArrived(2);

            int length = NaiveReceiver.readLengthInOneRead(pair.conn.getInputStream(), ByteOrder.BIG_ENDIAN);

            assertThat(length).isZero().isNotEqualTo(300);
        }
    }

    @Test
    @DisplayName("§6.2 fix: readFrame waits for all 4 header bytes, however they are split")
    void fixesShortHeaderReadByReadingAllFourBytes() throws Exception {
        LengthPrefixCodec codec = new LengthPrefixCodec();
        byte[] frame = codec.encode(body(300));
        try (LoopbackPair pair = LoopbackPair.open()) {
            OutputStream out = pair.client.getOutputStream();
            out.write(frame, 0, 2);
            pair.awaitArrived(2);
            InputStream in = pair.conn.getInputStream();
            CompletableFuture<byte[]> reading = Background.call(() -> codec.readFrame(in));
            out.write(frame, 2, frame.length - 2);

            assertThat(reading.get(10, TimeUnit.SECONDS)).isEqualTo(body(300));
        }
    }
}
