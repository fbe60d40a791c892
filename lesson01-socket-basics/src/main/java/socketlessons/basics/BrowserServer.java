package socketlessons.basics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.cli.Cli;

/**
 * §1.1 "B/S是特殊的C/S架构": a browser is just another client. This server answers HTTP by hand
 * on a raw {@link ServerSocket}: read the request's lines up to the blank line, write a status
 * line, headers, a blank line and a page. No HTTP library, only the socket calls of §1.3.
 */
public final class BrowserServer implements AutoCloseable {

    /** A request head longer than this is not a browser's; we stop reading. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    private final ServerSocket serverSocket;

    public BrowserServer(String host, int port) throws IOException {
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), HelloServer.BACKLOG);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /**
     * Accepts one connection, answers its request with a page, and returns the request line
     * the client sent (for example {@code GET / HTTP/1.1}), or what went wrong with it.
     */
    public String answerOne() throws IOException {
        try (Socket conn = serverSocket.accept()) {
            conn.setSoTimeout(HelloServer.READ_TIMEOUT_MILLIS);
            String head;
            try {
                head = readHead(conn.getInputStream());
            } catch (IOException e) {
                return "(no request: " + e.getMessage() + ")";
            }
            String requestLine = head.lines().findFirst().orElse("");
            String page = """
                    <!doctype html>
                    <html><head><meta charset="utf-8"><title>socket-lessons</title></head>
                    <body><h1>hello from a raw ServerSocket</h1>
                    <p>B/S是特殊的C/S架构: your browser is a client. It sent:</p>
                    <pre>%s</pre></body></html>
                    """.formatted(escape(head));
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            // HTTP/1.1 lines end in CRLF, whatever the platform.
            String response = "HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/html; charset=utf-8\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n"
                    + "\r\n";
            OutputStream out = conn.getOutputStream();
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return requestLine;
        }
    }

    /** Reads bytes up to the blank line that ends an HTTP request head. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0; // how much of "\r\n\r\n" we have seen
        while (head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("the client closed before the end of its request");
            }
            head.write(b);
            state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : (b == '\r' ? 1 : 0);
            if (state == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("request head longer than " + MAX_HEAD_BYTES + " bytes");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    /** Run from an IDE: the same as {@code java -jar lesson01-socket-basics.jar browser}. */
    public static void main(String[] args) {
        Launcher.main(Cli.prepend("browser", args));
    }
}
