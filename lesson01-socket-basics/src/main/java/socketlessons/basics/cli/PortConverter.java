package socketlessons.basics.cli;

import picocli.CommandLine;

/** A TCP or UDP port: 0 to 65535. Anything else is a usage error, before a socket is made. */
public final class PortConverter implements CommandLine.ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a port: a port is 0 to 65535 (0 picks a free one)");
    }
}
