package socketlessons.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("§6.2 解决粘包: the blocking length-prefix codec")
class LengthPrefixCodecTest {

    private final LengthPrefixCodec codec = new LengthPrefixCodec();

    private static InputStream bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return new ByteArrayInputStream(b);
    }

    @Test
    @DisplayName("§6.2 the header is struct.pack('!i', n) by default and struct.pack('i', n) (x86) when little-endian")
    void writesPythonsHeaderLayouts() throws Exception {
        assertThat(codec.encode("hello".getBytes(StandardCharsets.UTF_8)))
                .startsWith(0, 0, 0, 5).endsWith('h', 'e', 'l', 'l', 'o');
        assertThat(new LengthPrefixCodec(ByteOrder.LITTLE_ENDIAN, 100).encode(new byte[5])).startsWith(5, 0, 0, 0);
    }

    @Test
    @DisplayName("§6.2 frames come back whole and in order: empty, Chinese text, and the maximum size")
    void roundTripsEmptyTextAndMaximum() throws Exception {
        LengthPrefixCodec small = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, 100_000);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] max = new byte[100_000];
        max[99_999] = 42;
        small.writeFrame(wire, new byte[0]);
        small.writeFrame(wire, "你好, 粘包".getBytes(StandardCharsets.UTF_8));
        small.writeFrame(wire, max);

        InputStream in = new ByteArrayInputStream(wire.toByteArray());
        assertThat(small.readFrame(in)).isEmpty();
        assertThat(new String(small.readFrame(in), StandardCharsets.UTF_8)).isEqualTo("你好, 粘包");
        assertThat(small.readFrame(in)).isEqualTo(max);
        assertThat(small.readFrame(in)).as("clean end of stream").isNull();
    }

    @Test
    @DisplayName("§6.2 bad input: maximum + 1 is refused, on writing and on reading, with the numbers")
    void refusesOneByteAboveTheMaximum() {
        LengthPrefixCodec small = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, 100);
        assertThatThrownBy(() -> small.writeFrame(new ByteArrayOutputStream(), new byte[101]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a body of 101 bytes is above the maximum of 100");
        assertThatThrownBy(() -> small.readFrame(bytes(0, 0, 0, 101)))
                .isInstanceOf(FrameException.class)
                .hasMessage("frame length 101 is above the maximum of 100 bytes")
                .matches(e -> !((FrameException) e).isTruncated(), "is not truncated: the peer sent a bad length");
    }

    @Test
    @DisplayName("§6.2 bad input: a length of -1 is refused")
    void refusesNegativeLength() {
        assertThatThrownBy(() -> codec.readFrame(bytes(0xff, 0xff, 0xff, 0xff)))
                .isInstanceOf(FrameException.class)
                .hasMessage("frame length -1 is negative");
    }

    @Test
    @DisplayName("§6.2 bad input: a claim of 2 GB is refused before a byte of body is read")
    void refusesTwoGigabyteClaim() {
        assertThatThrownBy(() -> codec.readFrame(bytes(0x7f, 0xff, 0xff, 0xff, 1, 2, 3)))
                .isInstanceOf(FrameException.class)
                .hasMessage("frame length 2147483647 is above the maximum of 16777216 bytes");
    }

    @Test
    @DisplayName("§6.2 bad input: under a 2 GB maximum, a 2 GB claim followed by 10 bytes costs 10 bytes, not 2 GB")
    void neverAllocatesWhatThePeerOnlyClaims() {
        LengthPrefixCodec huge = new LengthPrefixCodec(ByteOrder.BIG_ENDIAN, Integer.MAX_VALUE);
        InputStream claim = new SequenceInputStream(bytes(0x7f, 0xff, 0xff, 0xff), new ByteArrayInputStream(new byte[10]));

        assertThatThrownBy(() -> huge.readFrame(claim))
                .isInstanceOf(FrameException.class)
                .hasMessage("stream ended after 10 of 2147483647 body bytes")
                .matches(e -> ((FrameException) e).isTruncated(), "is truncated: the peer went away");
    }

    @Test
    @DisplayName("§6.2 bad input: a stream that ends after 3 of 4 header bytes")
    void refusesStreamEndingInsideHeader() {
        assertThatThrownBy(() -> codec.readFrame(bytes(0, 0, 0)))
                .isInstanceOf(FrameException.class)
                .hasMessage("stream ended after 3 of 4 header bytes")
                .matches(e -> ((FrameException) e).isTruncated(), "is truncated: the peer went away");
    }

    @Test
    @DisplayName("§6.2 bad input: a stream that ends inside a body")
    void refusesStreamEndingInsideBody() {
        assertThatThrownBy(() -> codec.readFrame(bytes(0, 0, 0, 5, 'h', 'e')))
                .isInstanceOf(FrameException.class)
                .hasMessage("stream ended after 2 of 5 body bytes");
    }
}
