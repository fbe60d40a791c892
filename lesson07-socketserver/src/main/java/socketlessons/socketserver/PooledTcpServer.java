package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
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
import socketlessons.basics.cli.Cli;

/**
 * A bounded pool. Python's {@code socketserver} has none; this is {@link ThreadingTcpServer}
 * with {@code processRequest} handing each client to a {@link ThreadPoolExecutor} instead of a
 * new thread: at most {@code threads} clients are served at once, at most {@code queue} more
 * wait their turn (accepted, in the order they came), and a client beyond that is refused:
 * the {@link HandlerFactory#refuse} hook may answer it in the handler's own protocol, then its
 * connection is closed (by default, closed and nothing more). The server's threads stay at
 * {@code threads} however many clients come, instead of growing until the machine runs out.
 */
public class PooledTcpServer extends ThreadingTcpServer {

    private final HandlerFactory<Socket> refusal; // its refuse(): how a refused client is told
    private final int threads;
    private final int queue;
    private final ThreadPoolExecutor pool;
    private final Set<Thread> poolThreads = ConcurrentHashMap.newKeySet();

    /**
     * @param threads how many clients are served at once
     * @param queue how many more may wait for a thread (0: none, refuse at once)
     */
    @SuppressWarnings("this-escape") // the pool names its threads after this server, as socketserver.py's hooks run in __init__
    public PooledTcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory, int threads, int queue,
            Options options, Consumer<String> log) throws IOException {
        super(address, handlerFactory, checked(threads, queue, options), log);
        this.refusal = handlerFactory;
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
            refusal.refuse(request, clientAddress); // only the handler's protocol knows how to say "busy"
        } catch (Exception e) {
            handleError(request, clientAddress, e);
        }
        shutdownRequest(request);
    }

    /** Handler threads busy now. */
    @Override
    public int handlerThreads() {
        return pool.getActiveCount();
    }

    /** Threads the pool has made: never more than its limit. */
    public int poolThreads() {
        return pool.getPoolSize();
    }

    /** Clients accepted and waiting for a free thread. */
    public int waiting() {
        return pool.getQueue().size();
    }

    /** Clients still in the queue get no handler: closed at once, before the others. */
    private void dropWaitingRequests() {
        List<Runnable> waiting = new ArrayList<>();
        pool.getQueue().drainTo(waiting);
        for (Runnable work : waiting) {
            Job job = (Job) work;
            log("shutdown: closing the connection of " + format(job.clientAddress) + ", which was waiting for a thread");
            shutdownRequest(job.request);
        }
    }

    /** The opt-in grace: stops accepting, closes the clients in the queue, gives the busy threads up to {@code grace}, then {@link #close()}. */
    @Override
    public void closeGracefully(Duration grace) throws InterruptedException {
        shutdown(); // the loop has ended: no job is queued after this
        dropWaitingRequests();
        pool.shutdown();
        pool.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
        close();
    }

    /** {@link TcpServer#close()} after the queue is dropped; then stops the pool and waits for its threads. */
    @Override
    public void close() {
        if (poolThreads.contains(Thread.currentThread())) {
            throw new IllegalStateException("close() from a handler's own thread would wait for itself:"
                    + " call it from another thread, e.g. new Thread(server::close).start()");
        }
        stopAccepting();
        dropWaitingRequests();
        super.close();
        for (Runnable work : pool.shutdownNow()) { // interrupts the threads; returns jobs queued since the drop
            shutdownRequest(((Job) work).request);
        }
        poolThreads.forEach(ThreadingTcpServer::joinUninterruptibly);
    }

    /** Run from an IDE: the classroom echo on a pool of 4 threads ({@code server --pool 4}). */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("server", Cli.prepend("--pool", Cli.prepend("4", args)));
    }
}
