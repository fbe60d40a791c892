package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Servers on port 0 with their loop on a named thread, clients, and the server log; all closed after each test. */
final class Fixture implements AutoCloseable {

    static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    /** What the servers logged: the test's stand-in for the console. */
    final List<String> log = new CopyOnWriteArrayList<>();

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final Map<BaseServer<?>, Thread> loops = new ConcurrentHashMap<>();

    /** Runs the server's serveForever on a thread of its own, as a main would. */
    <S extends BaseServer<?>> S serving(S server) {
        open.push(server);
        Thread loop = new Thread(server::serveForever, "test serve_forever " + BaseServer.format(server.address()));
        loops.put(server, loop);
        loop.start();
        return server;
    }

    /** Closed after the test, with the servers and clients. */
    void closeAfter(AutoCloseable resource) {
        open.push(resource);
    }

    Thread loopOf(BaseServer<?> server) {
        return loops.get(server);
    }

    LineClient connect(BaseServer<?> server) throws IOException {
        return connect(server.address());
    }

    LineClient connect(InetSocketAddress server) throws IOException {
        LineClient client = new LineClient(server);
        open.push(client);
        return client;
    }

    /** Threads alive in this JVM whose name says they belong to this server ({@code socketserver HOST:PORT ...}). */
    static long liveThreadsOf(BaseServer<?> server) {
        String prefix = "socketserver " + BaseServer.format(server.address()) + " ";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    interface Action {
        void run() throws Exception;
    }

    /** Runs an action on a new thread; the future completes when it ends. */
    static CompletableFuture<Void> inBackground(String name, Action action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    @Override
    public void close() throws IOException {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
