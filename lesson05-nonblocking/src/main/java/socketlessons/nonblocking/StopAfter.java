package socketlessons.nonblocking;

import java.io.PrintWriter;
import picocli.CommandLine.Option;
import socketlessons.basics.cli.Endpoint;

/** The launcher's {@code --stop-after} (a picocli mixin): how long a server serves, until Ctrl+C or a set time. */
public final class StopAfter {

    @Option(names = "--stop-after", defaultValue = "0", description = "stop after this many seconds; 0 serves until Ctrl+C (default: ${DEFAULT-VALUE})")
    double seconds;

    /** Starts {@code server}, prints the line servers print, and serves until stopped; then closes it. */
    public void serve(EchoServer server, PrintWriter out) throws Exception {
        try (server) {
            server.start();
            out.println("listening on " + Endpoint.format(server.address()));
            if (seconds > 0) {
                Thread.sleep((long) (seconds * 1000));
            } else {
                Thread.currentThread().join(); // never returns: Ctrl+C ends the process
            }
        }
    }
}
