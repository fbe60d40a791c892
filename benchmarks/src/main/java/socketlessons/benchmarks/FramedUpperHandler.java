package socketlessons.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import socketlessons.socketserver.BaseRequestHandler;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * lesson07's handler speaking lesson04's frames: the load client's 64-byte framed messages come
 * back upper-cased, exactly as lesson05's servers and the Netty server answer them. (lesson07's
 * own {@code UpperEchoHandler} echoes bare bytes, which the load client could not tell apart.)
 */
final class FramedUpperHandler extends BaseRequestHandler<Socket> {

    private final LengthPrefixCodec codec = new LengthPrefixCodec();

    @Override
    protected void handle() throws Exception {
        request.setTcpNoDelay(true); // as every other server here: an answer goes out at once
        InputStream in = new BufferedInputStream(request.getInputStream());
        OutputStream out = new BufferedOutputStream(request.getOutputStream());
        byte[] body;
        while ((body = codec.readFrame(in)) != null) { // null: the client closed cleanly
            for (int i = 0; i < body.length; i++) {
                if (body[i] >= 'a' && body[i] <= 'z') {
                    body[i] -= 32;
                }
            }
            codec.writeFrame(out, body); // one write and a flush per frame
        }
    }
}
