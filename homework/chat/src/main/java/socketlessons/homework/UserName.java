package socketlessons.homework;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine;
import socketlessons.basics.PeerText;

/**
 * The one rule for the user name a client is given ({@code --user}, whose default is your
 * login name), the same in the chat and the upload: it is lower-cased, so {@code Alice} (a
 * Windows account name, say) logs in as {@code alice}; after that it must be 1 to 32 letters,
 * digits, {@code _ . -} (lesson06's rule), so a name with a space is refused before any
 * connection, with a hint. Lower case also keeps names apart on file systems that ignore case
 * (the upload's folder per user).
 */
public final class UserName {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,32}");

    private UserName() {
    }

    /** {@code given} in lower case; IllegalArgumentException, with what to do, when it cannot be a name. */
    public static String of(String given) {
        String name = given == null ? "" : given.toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(PeerText.quote(given) + " cannot be a user name: 1 to 32 letters, digits, '_', '.' or '-', "
                    + "no spaces (your login name is the default: give another with --user NAME)");
        }
        return name;
    }

    /** For picocli: {@code --user} goes through {@link #of}, so a bad name is a usage error (exit 2). */
    public static final class Converter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
