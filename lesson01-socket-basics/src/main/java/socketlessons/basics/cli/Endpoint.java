package socketlessons.basics.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** The options every program has: {@code --host} and {@code --port} (a picocli mixin). */
public final class Endpoint {

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "address (default: ${DEFAULT-VALUE})")
    public String host;

    @Option(names = "--port", defaultValue = "9000", converter = PortConverter.class, paramLabel = "PORT",
            description = "port, 0 to 65535; 0 picks a free one (default: ${DEFAULT-VALUE}, the course's)")
    public int port;

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** {@code 127.0.0.1:9000}: how the programs print an address. */
    public static String format(InetSocketAddress address) {
        return (address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress()) + ":" + address.getPort();
    }
}
