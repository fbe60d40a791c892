package socketlessons.udp;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Endpoint;

/**
 * §5 narrated: three clients, one server socket, no connection. All three send before the
 * server answers anyone; the server takes the datagrams in the order they came, and answers
 * each to the address it came from.
 */
public final class UdpDemo {

    private final PrintWriter out;

    public UdpDemo(PrintWriter out) {
        this.out = out;
    }

    /** Run from an IDE: the same as {@code java -jar lesson03-udp.jar demo}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("demo", args);
    }

    public void run(String host, int port) throws Exception {
        StringWriter serverScreen = new StringWriter();
        BufferedReader serverKeyboard = new BufferedReader(new StringReader("hello, A\nhello, B\nhello, C\n"));
        try (UdpChatServer server = new UdpChatServer(host, port);
             DatagramSocket a = new DatagramSocket(); DatagramSocket b = new DatagramSocket(); DatagramSocket c = new DatagramSocket()) {
            InetSocketAddress address = server.address();
            out.println("[server] bound " + Endpoint.format(address) + ": no listen(), no accept(), just a socket");
            DatagramSocket[] clients = {a, b, c};
            String[] names = {"A", "B", "C"};
            for (int i = 0; i < 3; i++) {
                byte[] bytes = ("I am " + names[i]).getBytes(StandardCharsets.UTF_8);
                clients[i].send(new DatagramPacket(bytes, bytes.length, address));
                out.println("[" + names[i] + "] sendto(server): I am " + names[i]);
            }
            // the server on a thread of its own, as in a terminal of its own
            CompletableFuture<Void> serving = new CompletableFuture<>();
            Thread serverThread = new Thread(() -> {
                try {
                    server.serve(serverKeyboard, new PrintWriter(serverScreen, true), 3);
                    serving.complete(null);
                } catch (Throwable e) {
                    serving.completeExceptionally(e);
                }
            }, "udp-server");
            serverThread.setDaemon(true);
            serverThread.start();
            for (int i = 0; i < 3; i++) {
                clients[i].setSoTimeout(5_000);
                DatagramPacket answer = new DatagramPacket(new byte[1024], 1024);
                clients[i].receive(answer);
                out.println("[" + names[i] + "] recvfrom: " + new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8)
                        + "  (from the server's one socket)");
            }
            serving.get(10, TimeUnit.SECONDS);
            out.println("[server] printed each message with its sender's address:");
            for (String line : serverScreen.toString().replace(">>> ", "").split("\\R")) {
                out.println("  " + line.replaceAll(":\\d+ says", ":PORT says"));
            }
        }
        out.println("one socket served three clients: no connection, so nobody waits for anybody");
    }
}
