package socketlessons.basics.cli;

import picocli.CommandLine;

/** A count or a number of seconds: 0 or more. A negative one is a usage error. */
public final class NonNegative implements CommandLine.ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of 0 or more");
    }
}
