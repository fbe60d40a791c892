package socketlessons.nonblocking;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The guarded server's limits, as the launcher's options (a picocli mixin). */
public final class LimitOptions {

    @Option(names = "--max-queued", defaultValue = "1048576",
            description = "bytes of replies that may wait for one client; above it, the server stops reading from it (default: ${DEFAULT-VALUE})")
    long maxQueued;

    @Option(names = "--write-timeout", defaultValue = "10",
            description = "seconds a client may take none of its waiting replies before it is cut off (default: ${DEFAULT-VALUE})")
    long writeTimeoutSeconds;

    @Option(names = "--frame-timeout", defaultValue = "10",
            description = "seconds a client may stall in the middle of a frame before it is cut off (default: ${DEFAULT-VALUE})")
    long frameTimeoutSeconds;

    @Option(names = "--max-partial",
            description = "bytes of half-received frames all clients together may hold (default: a quarter of the heap, here ${DEFAULT-VALUE})")
    long maxPartial = GuardedSelectorEchoServer.Limits.DEFAULT.maxPartialBytes();

    @Option(names = "--max-clients",
            description = "clients held at once; the next wait in the backlog (default: what the open-files limit leaves room for, here ${DEFAULT-VALUE})")
    int maxClients = GuardedSelectorEchoServer.Limits.DEFAULT.maxClients();

    public GuardedSelectorEchoServer.Limits limits() {
        return GuardedSelectorEchoServer.Limits.DEFAULT.withMaxQueuedBytes(maxQueued)
                .withWriteTimeout(Duration.ofSeconds(writeTimeoutSeconds)).withFrameTimeout(Duration.ofSeconds(frameTimeoutSeconds))
                .withMaxPartialBytes(maxPartial).withMaxClients(maxClients);
    }
}
