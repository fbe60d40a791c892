package socketlessons.socketserver;

import java.util.function.Consumer;

/**
 * A server run from a terminal until Ctrl+C: what the launcher's {@code server} and
 * {@code udp-server} do. Ctrl+C (or kill, SIGTERM) runs {@code close()} in a JVM shutdown
 * hook, so the log shows what it closes; the server itself knows nothing of terminals.
 */
public final class UntilCtrlC {

    private UntilCtrlC() {
    }

    /**
     * What the launcher's servers run: says where it listens and what it is, then serves until
     * Ctrl+C or kill (SIGTERM), which run {@code close()} in a JVM shutdown hook: the log shows what
     * it closes. When serveForever returns, the caller's try-with-resources closes the server too,
     * at the same time as the hook: close() closes and logs each connection once.
     */
    public static void serve(BaseServer<?> server, Consumer<String> out, String what) {
        out.accept("listening on " + BaseServer.format(server.address()));
        out.accept(what + "; Ctrl+C shuts it down");
        Thread stopper = new Thread(() -> {
            out.accept("Ctrl+C (or kill): close()");
            server.close();
        }, "shutdown on Ctrl+C");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            server.serveForever();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException exiting) {
                // Ctrl+C: the hook is running now
            }
        }
    }
}
