package socketlessons.socketserver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded pool (Python has none built in; {@code concurrent.futures.ThreadPoolExecutor} is
 * the usual way): at most {@code threads} clients are served at once, at most {@code queue}
 * more wait their turn, and a client beyond that is told the server is busy and closed,
 * instead of the server making threads without limit until it runs out of memory.
 */
public class PooledTcpServer extends TcpServer {

    /** What a refused client reads before the server closes the connection. */
    public static final String BUSY = "server busy: try again later\n";

    private final ThreadPoolExecutor pool;

    public PooledTcpServer(InetSocketAddress address, Supplier<? extends BaseRequestHandler<Socket>> handlerClass,
            int threads, int queue, Options options, Consumer<String> log) throws IOException {
        super(address, handlerClass, options, log);
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, waiting, runnable -> {
            Thread thread = new Thread(runnable, "pool handler");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected void processRequest(Socket request, InetSocketAddress clientAddress) {
        try {
            pool.execute(() -> runHandler(request, clientAddress));
        } catch (RejectedExecutionException full) {
            log("pool full (" + pool.getActiveCount() + " served, " + pool.getQueue().size()
                    + " waiting): refusing " + format(clientAddress));
            try {
                OutputStream out = request.getOutputStream();
                out.write(BUSY.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the refused client has gone already
            }
            shutdownRequest(request);
        }
    }

    /** Threads the pool has: never more than its limit. */
    public int poolThreads() {
        return pool.getPoolSize();
    }

    /** Clients accepted and waiting for a free thread. */
    public int waiting() {
        return pool.getQueue().size();
    }

    @Override
    protected void awaitHandlerThreads() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
