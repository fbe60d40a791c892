package socketlessons.socketserver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded pool. Python's {@code socketserver} has none; this is {@link ThreadingTcpServer}
 * with {@code processRequest} handing each client to a {@link ThreadPoolExecutor} instead of a
 * new thread: at most {@code threads} clients are served at once, at most {@code queue} more
 * wait their turn (accepted, in the order they came), and a client beyond that reads
 * {@value #BUSY} and is closed. The server's threads stay at {@code threads} however many
 * clients come, instead of growing until the machine runs out of them.
 */
public class PooledTcpServer extends TcpServer {

    /** The line a refused client reads before the server closes its connection. */
    public static final String BUSY = "server busy: try again later";

    private final int threads;
    private final int queue;
    private final ThreadPoolExecutor pool;
    private final Set<Thread> poolThreads = ConcurrentHashMap.newKeySet();

    /**
     * @param threads how many clients are served at once
     * @param queue how many more may wait for a thread (0: none, refuse at once)
     */
    public PooledTcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory, int threads, int queue,
            Options options, Consumer<String> log) throws IOException {
        super(address, handlerFactory, checked(threads, queue, options), log);
        this.threads = threads;
        this.queue = queue;
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        AtomicInteger made = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, waiting, work -> {
            Thread thread = new Thread(work, threadName("pool-thread-" + made.incrementAndGet()));
            poolThreads.add(thread);
            return thread;
        });
    }

    private static Options checked(int threads, int queue, Options options) {
        if (threads < 1 || queue < 0) { // checked before super() binds the port
            throw new IllegalArgumentException("threads must be at least 1 and queue at least 0, not " + threads + " and " + queue);
        }
        return options;
    }

    /** With the default options, logging to standard error. */
    public PooledTcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory, int threads, int queue)
            throws IOException {
        this(address, handlerFactory, threads, queue, new Options(), System.err::println);
    }

    /** One accepted client, waiting for a pool thread or being served by one. */
    private final class Job implements Runnable {
        final Socket request;
        final InetSocketAddress clientAddress;

        Job(Socket request, InetSocketAddress clientAddress) {
            this.request = request;
            this.clientAddress = clientAddress;
        }

        @Override
        public void run() {
            processRequestThread(request, clientAddress);
        }
    }

    @Override
    protected void processRequest(Socket request, InetSocketAddress clientAddress) {
        Job job = new Job(request, clientAddress);
        try {
            pool.execute(job); // a free thread takes it, or it waits in the queue, or the queue is full
        } catch (RejectedExecutionException full) {
            refuse(request, clientAddress);
            return;
        }
        if (pool.getQueue().contains(job)) {
            log(format(clientAddress) + " waits for a thread: all " + threads + " are busy ("
                    + pool.getQueue().size() + " of " + queue + " places in the queue taken)");
        }
    }

    private void refuse(Socket request, InetSocketAddress clientAddress) {
        log("pool full (" + threads + " busy, " + queue + " waiting): refusing " + format(clientAddress));
        try {
            OutputStream out = request.getOutputStream();
            out.write((BUSY + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the refused client has gone already
        }
        shutdownRequest(request);
    }

    /** Threads the pool has made: never more than its limit. */
    public int poolThreads() {
        return pool.getPoolSize();
    }

    /** Clients accepted and waiting for a free thread. */
    public int waiting() {
        return pool.getQueue().size();
    }

    @Override
    protected boolean isHandlerThread(Thread thread) {
        return poolThreads.contains(thread);
    }

    /** Clients still in the queue get no handler: shutdown closes them at once. */
    @Override
    protected void dropWaitingRequests() {
        List<Runnable> waiting = new ArrayList<>();
        pool.getQueue().drainTo(waiting);
        for (Runnable work : waiting) {
            Job job = (Job) work;
            log("shutdown: closing the connection of " + format(job.clientAddress) + ", which was waiting for a thread");
            shutdownRequest(job.request);
        }
    }

    @Override
    protected boolean stopHandlerThreads() {
        for (Runnable work : pool.shutdownNow()) { // interrupts the threads; returns jobs queued since the drain
            shutdownRequest(((Job) work).request);
        }
        boolean interrupted = false;
        for (Thread thread : poolThreads) {
            interrupted |= ThreadingTcpServer.joinUninterruptibly(thread);
        }
        return interrupted;
    }
}
