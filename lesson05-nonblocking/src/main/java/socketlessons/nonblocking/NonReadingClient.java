package socketlessons.nonblocking;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * The slow reader of the write bug: it sends its requests and reads no reply until told to, so
 * the server's replies pile up in the socket buffers (this client's receive buffer, kept small,
 * and the server's send buffer) and then wherever the server puts them, if anywhere.
 *
 * <pre>
 * try (NonReadingClient slow = new NonReadingClient(server.address())) {
 *     slow.send(256);                          // 256 requests of 1 KiB, no reading
 *     ... wait until the server has answered all 256 ...
 *     byte[] back = slow.finishAndReadAll();   // only now read: what got through
 * }
 * </pre>
 */
final class NonReadingClient implements AutoCloseable {

    static final int BODY_BYTES = 1024;
    static final int RECEIVE_BUFFER = 8 * 1024;

    private final Socket sk = new Socket();
    private final OutputStream out;
    private final byte[] body = new byte[BODY_BYTES];

    NonReadingClient(InetSocketAddress server) throws IOException {
        try {
            sk.setReceiveBufferSize(RECEIVE_BUFFER); // before connect: it sets the TCP window
            sk.connect(server, EchoClient.CONNECT_TIMEOUT_MILLIS);
            sk.setSoTimeout(EchoClient.READ_TIMEOUT_MILLIS);
            out = new BufferedOutputStream(sk.getOutputStream(), 64 * 1024);
        } catch (IOException e) {
            sk.close();
            throw e;
        }
        Arrays.fill(body, (byte) 'x');
    }

    /** The bytes all the replies to {@code frames} requests take when none is lost. */
    static long expectedBytes(int frames) {
        return (long) frames * new socketlessons.sticky.LengthPrefixCodec().encode(new byte[BODY_BYTES]).length;
    }

    /** Sends {@code frames} frames of 1 KiB of 'x', reading nothing. */
    void send(int frames) throws IOException {
        byte[] frame = new socketlessons.sticky.LengthPrefixCodec().encode(body);
        for (int i = 0; i < frames; i++) {
            out.write(frame);
        }
        out.flush();
    }

    /** Half-closes ("that was all": the server closes after its last reply), then reads until it does. */
    byte[] finishAndReadAll() throws IOException {
        sk.shutdownOutput();
        return sk.getInputStream().readAllBytes();
    }

    int localPort() {
        return sk.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        sk.close();
    }
}
