package socketlessons.basics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.cli.Endpoint;

/**
 * Both sides of §1.3 in one thread, one step at a time, narrated. One thread can play both
 * parts only because the kernel does the work in between: it completes the handshake before
 * anyone calls accept(), and it buffers bytes until someone reads them.
 */
public final class HelloDemo {

    private final PrintWriter out;

    public HelloDemo(PrintWriter out) {
        this.out = out;
    }

    public void run(String host, int port) throws IOException {
        try (ServerSocket sk = new ServerSocket()) {
            sk.bind(new InetSocketAddress(host, port), HelloServer.BACKLOG);
            InetSocketAddress address = (InetSocketAddress) sk.getLocalSocketAddress();
            say("server", "bind + listen: listening on " + Endpoint.format(address));

            try (Socket client = new Socket()) {
                client.connect(address, HelloClient.CONNECT_TIMEOUT_MILLIS);
                say("client", "connect() returned: SYN, SYN+ACK, ACK done; the server has not called accept() yet");

                try (Socket conn = sk.accept()) {
                    conn.setSoTimeout(HelloServer.READ_TIMEOUT_MILLIS);
                    client.setSoTimeout(HelloServer.READ_TIMEOUT_MILLIS);
                    say("server", "accept() took the finished connection off the backlog: conn talks to "
                            + Endpoint.format((InetSocketAddress) conn.getRemoteSocketAddress()));

                    send(conn, "hello");
                    say("server", "send: hello");
                    say("client", "recv: " + receive(client));

                    send(client, "byebye");
                    say("client", "send: byebye");
                    say("server", "recv: " + receive(conn));

                    client.close();
                    say("client", "close(): FIN sent (1st of the four-way close); the kernel ACKs it (2nd)");
                    int end = conn.getInputStream().read();
                    say("server", "read() returned " + end + ": end of stream, the client has closed its side");
                }
                say("server", "conn.close(): FIN sent (3rd); the client's kernel ACKs it (4th)");
                say("client", "the side that closed first waits in TIME_WAIT for a while (2 x MSL)");
            }
        }
        say("server", "sk.close(): the port is free again");
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String receive(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[1024];
        int n = in.read(buf);
        return n == -1 ? "(end of stream)" : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private void say(String side, String what) {
        out.printf("[%s] %s%n", side, what);
    }
}
