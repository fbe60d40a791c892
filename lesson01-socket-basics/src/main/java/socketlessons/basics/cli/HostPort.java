package socketlessons.basics.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** A server's address written {@code HOST:PORT}, as {@code --to 127.0.0.1:9000} takes it. */
public record HostPort(String host, int port) {

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    /** Parses {@code HOST:PORT}; a bad one is a usage error. */
    public static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT (e.g. 127.0.0.1:9000)");
            }
            return new HostPort(value.substring(0, colon), new PortConverter().convert(value.substring(colon + 1)));
        }
    }
}
