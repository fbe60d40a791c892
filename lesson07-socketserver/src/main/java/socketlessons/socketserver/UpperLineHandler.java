package socketlessons.socketserver;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The uppercase echo on {@link StreamRequestHandler}: a line in, the same line in upper case out. */
public class UpperLineHandler extends StreamRequestHandler {

    /** The line a client refused by a full pool reads before its connection closes (with {@link #FACTORY}). */
    public static final String BUSY = "server busy: try again later";

    /**
     * {@code UpperLineHandler::new}, and a refused client is told {@value #BUSY} in this
     * handler's own protocol (a line), which only this handler's factory can know.
     */
    public static final HandlerFactory<Socket> FACTORY = new HandlerFactory<>() {
        @Override
        public BaseRequestHandler<Socket> newHandler() {
            return new UpperLineHandler();
        }

        @Override
        public void refuse(Socket request, InetSocketAddress clientAddress) throws Exception {
            request.getOutputStream().write((BUSY + "\n").getBytes(StandardCharsets.UTF_8));
        }
    };

    @Override
    protected void handle() throws Exception {
        String line;
        while ((line = readLine()) != null) {
            writeLine(line.toUpperCase(Locale.ROOT));
        }
    }
}
