package socketlessons.socketserver;

import java.net.DatagramPacket;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The uppercase echo for datagrams, as Python writes it:
 *
 * <pre>
 * class MyUDPHandler(socketserver.BaseRequestHandler):
 *     def handle(self):
 *         data, socket = self.request
 *         socket.sendto(data.upper(), self.client_address)
 * </pre>
 */
public class UpperUdpHandler extends BaseRequestHandler<Datagram> {

    @Override
    protected void handle() throws Exception {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(request.data())).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("the datagram is not UTF-8 text (" + e + ")");
        }
        byte[] answer = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        request.socket().send(new DatagramPacket(answer, answer.length, clientAddress)); // socket.sendto(data, client_address)
    }
}
