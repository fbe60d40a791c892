package socketlessons.socketserver;

import java.util.Locale;

/** The uppercase echo on {@link StreamRequestHandler}: a line in, the same line in upper case out. */
public class UpperLineHandler extends StreamRequestHandler {

    @Override
    protected void handle() throws Exception {
        String line;
        while ((line = readLine()) != null) {
            writeLine(line.toUpperCase(Locale.ROOT));
        }
    }
}
