package socketlessons.sticky;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import socketlessons.basics.cli.Endpoint;
import socketlessons.basics.cli.HostPort;
import socketlessons.basics.cli.PortConverter;

/** The launcher's {@code relay} command: its options (a picocli mixin) and its run. */
public final class RelayOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--port", defaultValue = "9001", converter = PortConverter.class,
            description = "port to listen on, 0 to 65535; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--to", defaultValue = "127.0.0.1:9000", converter = HostPort.Converter.class,
            description = "the server, HOST:PORT (default: ${DEFAULT-VALUE})")
    HostPort to;
    @Option(names = "--seed", defaultValue = "1", description = "the same seed draws the same slice sizes and delays (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--max-slice", defaultValue = "3", description = "each write carries 1 to this many bytes (default: ${DEFAULT-VALUE})")
    int maxSlice;
    @Option(names = "--max-delay-us", defaultValue = "2000", description = "each write waits 0 to this many microseconds (default: ${DEFAULT-VALUE})")
    int maxDelayMicros;
    @Option(names = "--connections", defaultValue = "0", description = "stop after this many connections have ended (default: 0, never)")
    int connections;

    /** Listens, says where and how it slices, and relays until {@code --connections} have ended (or forever). */
    public void run(Consumer<String> out) throws Exception {
        try (ResegmentingRelay relay = new ResegmentingRelay(new InetSocketAddress(host, port), to.address(), seed, maxSlice,
                maxDelayMicros, out)) {
            out.accept("listening on " + Endpoint.format(relay.address()));
            out.accept("forwarding to " + to + " in slices of 1 to " + maxSlice + " bytes, 0 to " + maxDelayMicros
                    + " µs apart (seed " + seed + ")");
            relay.awaitEndedConnections(connections > 0 ? connections : Integer.MAX_VALUE);
        }
    }
}
