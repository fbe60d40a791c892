package socketlessons.socketserver;

import java.net.DatagramSocket;

/**
 * A UDP request, as Python's UDP server hands it to its handler: the datagram's bytes and
 * the server's socket to answer with ({@code data, socket = self.request}).
 */
public record Datagram(byte[] data, DatagramSocket socket) {
}
