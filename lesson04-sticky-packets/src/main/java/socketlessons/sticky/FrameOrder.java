package socketlessons.sticky;

import java.nio.ByteOrder;
import picocli.CommandLine.Option;

/** The launcher's {@code --byte-order}: the frame's length on the wire, for the programs that speak frames (a picocli mixin). */
public final class FrameOrder {

    /** The length's byte order on the wire. */
    enum WireOrder {
        BIG(ByteOrder.BIG_ENDIAN), LITTLE(ByteOrder.LITTLE_ENDIAN);

        final ByteOrder order;

        WireOrder(ByteOrder order) {
            this.order = order;
        }
    }

    @Option(names = "--byte-order", defaultValue = "big", description = "${COMPLETION-CANDIDATES} (any case): big is network"
            + " order, Python's '!i'; little is the course's struct.pack('i', n) on x86 (default: ${DEFAULT-VALUE})")
    WireOrder wire;

    public ByteOrder order() {
        return wire.order;
    }

    public LengthPrefixCodec codec() {
        return new LengthPrefixCodec(order(), LengthPrefixCodec.DEFAULT_MAX_FRAME);
    }
}
