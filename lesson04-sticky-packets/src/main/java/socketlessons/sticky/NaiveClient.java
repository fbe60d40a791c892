package socketlessons.sticky;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import socketlessons.basics.cli.Cli;

/**
 * §6.1 the client of the course's glue: several short messages, each in its own
 * {@code send()}, with nothing to mark where one ends. The server cannot tell them apart.
 */
public final class NaiveClient {

    private final PrintWriter console;

    public NaiveClient(PrintWriter console) {
        this.console = console;
    }

    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("naive-client", args);
    }

    /** Sends {@code message 1;} to {@code message N;}, one write each, then closes. */
    public void send(String host, int port, int count) throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(new InetSocketAddress(host, port), 5_000);
            OutputStream out = sk.getOutputStream();
            for (int i = 1; i <= count; i++) {
                String message = "message " + i + ";";
                out.write(message.getBytes(StandardCharsets.UTF_8)); // one send() per message, no boundary
                console.println("send " + i + ": " + message);
            }
        }
    }
}
