package socketlessons.socketserver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * §9 narrated: three clients connect to a {@link ThreadingTcpServer} and stay connected;
 * each is answered while the others are still there, one handler thread each. Then
 * {@code shutdown()} stops accepting and closes what is left.
 */
public final class SocketServerDemo {

    private final PrintWriter out;

    public SocketServerDemo(PrintWriter out) {
        this.out = out;
    }

    public void run(InetSocketAddress address) throws Exception {
        List<String> serverLog = new ArrayList<>();
        TcpServer.Options options = new TcpServer.Options().shutdownGrace(Duration.ofMillis(200));
        ThreadingTcpServer server = new ThreadingTcpServer(address, UpperLineHandler::new, options, serverLog::add);
        out.println("[server] ThreadingTcpServer listening on " + BaseServer.format(server.address()));
        CompletableFuture<Void> serving = CompletableFuture.runAsync(server::serveForever);

        List<Socket> clients = new ArrayList<>();
        try {
            for (String name : new String[] {"A", "B", "C"}) {
                Socket sk = new Socket();
                sk.connect(server.address(), 5_000);
                sk.setSoTimeout(10_000);
                clients.add(sk);
                out.println("[" + name + "] connected");
            }
            for (int i = 0; i < clients.size(); i++) {
                String name = String.valueOf((char) ('A' + i));
                Socket sk = clients.get(i);
                sk.getOutputStream().write(("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8));
                String answer = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8)).readLine();
                out.println("[" + name + "] sent: hello from " + name + "   got: " + answer + "   (the others are still connected)");
            }
            out.println("[server] handler threads: " + server.handlerThreads() + ", one per client");
            out.println("[server] shutdown(): stop accepting now; give handlers 200 ms; then close what is left");
            server.shutdown();
            out.println("[server] handler threads after shutdown: " + server.handlerThreads());
            for (int i = 0; i < clients.size(); i++) {
                int end = clients.get(i).getInputStream().read();
                out.println("[" + (char) ('A' + i) + "] read() returned " + end + ": the server closed the connection");
            }
        } finally {
            for (Socket sk : clients) {
                sk.close();
            }
            server.close();
        }
        serving.join();
    }
}
