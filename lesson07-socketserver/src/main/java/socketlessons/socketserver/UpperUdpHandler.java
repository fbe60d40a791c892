package socketlessons.socketserver;

import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The uppercase echo for datagrams, as Python writes it:
 * {@code data, socket = self.request; socket.sendto(data.upper(), self.client_address)}.
 */
public class UpperUdpHandler extends BaseRequestHandler<Datagram> {

    @Override
    protected void handle() throws Exception {
        String text = new String(request.data(), StandardCharsets.UTF_8);
        byte[] answer = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        request.socket().send(new DatagramPacket(answer, answer.length, clientAddress));
    }
}
