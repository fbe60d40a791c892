package socketlessons.socketserver;

import java.net.SocketTimeoutException;
import java.util.Locale;

/** The uppercase echo on {@link StreamRequestHandler}: a line in, the line in upper case out. */
public class UpperLineHandler extends StreamRequestHandler {

    @Override
    protected void handle() throws Exception {
        try {
            String line;
            while ((line = readLine()) != null) {
                writeLine(line.toUpperCase(Locale.ROOT));
            }
        } catch (SocketTimeoutException e) {
            server.log("closing " + BaseServer.format(clientAddress) + ": silent for longer than the timeout");
        }
    }
}
