package socketlessons.socketserver;

import java.net.DatagramSocket;

/**
 * A UDP request, as Python's {@code UDPServer} hands it to its handler: the datagram's bytes
 * and the server's socket to answer with ({@code data, socket = self.request}). Answer with
 * {@code socket().send(new DatagramPacket(answer, answer.length, clientAddress))}.
 */
public record Datagram(byte[] data, DatagramSocket socket) {
}
