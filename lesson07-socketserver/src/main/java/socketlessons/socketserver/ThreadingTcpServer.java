package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import socketlessons.basics.cli.Cli;

/**
 * Python's {@code ThreadingTCPServer} ({@code class ThreadingTCPServer(ThreadingMixIn, TCPServer)}):
 * {@code processRequest} starts a new thread for each client and returns to {@code accept} at
 * once, so clients are served at the same time. No limit: a thousand clients are a thousand
 * threads ({@link PooledTcpServer} sets one; lesson05 needs no thread per client at all).
 *
 * <p>Handler threads are named {@code socketserver SERVER handler CLIENT} and are not daemons:
 * {@link #close()} ends them and waits for them (Python's {@code block_on_close}), so none is
 * left behind. {@link #shutdown()} only stops the loop, as Python's does.
 */
public class ThreadingTcpServer extends TcpServer {

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet(); // started; dead ones are pruned

    @SuppressWarnings("this-escape") // the pool names its threads after this server, as socketserver.py's hooks run in __init__
    public ThreadingTcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory, Options options,
            Consumer<String> log) throws IOException {
        super(address, handlerFactory, options, log);
        // JDK 17 opens a descriptor of its own the first time a socket is closed in this JVM. If
        // that first close comes when a thousand clients have used up every descriptor, it fails,
        // and from then on no socket can ever be closed: so one is closed now, while there are some.
        try (ServerSocket warmUp = new ServerSocket()) {
            warmUp.setReuseAddress(false); // creates its descriptor (nothing is bound)
        } catch (IOException e) {
            closeSocket(); // the listening socket too: nobody else will (not close(): a subclass is not built yet)
            throw e;
        }
    }

    /** Python's {@code ThreadingTCPServer(server_address, RequestHandlerClass)}: default options, errors to standard error. */
    public ThreadingTcpServer(InetSocketAddress address, HandlerFactory<Socket> handlerFactory) throws IOException {
        this(address, handlerFactory, new Options(), System.err::println);
    }

    /** Python's {@code ThreadingMixIn.process_request}: start a thread for this client; return to accept at once. */
    @Override
    protected void processRequest(Socket request, InetSocketAddress clientAddress) throws IOException {
        threads.removeIf(thread -> !thread.isAlive());
        Thread thread = new Thread(() -> processRequestThread(request, clientAddress),
                threadName("handler " + format(clientAddress)));
        threads.add(thread);
        try {
            thread.start();
        } catch (OutOfMemoryError e) { // "unable to create native thread": this client fails, the server goes on
            threads.remove(thread);
            throw new IOException("no thread for this client: " + e.getMessage(), e);
        }
    }

    /** Python's {@code ThreadingMixIn.process_request_thread}: the request on a thread of its own, errors handled here. */
    protected final void processRequestThread(Socket request, InetSocketAddress clientAddress) {
        try {
            finishRequest(request, clientAddress);
        } catch (Exception e) {
            handleError(request, clientAddress, e);
        } finally {
            shutdownRequest(request);
        }
    }

    /** {@code socketserver 127.0.0.1:9000 <role>}: whose thread it is, in a thread dump. */
    protected final String threadName(String role) {
        return "socketserver " + format(address()) + " " + role;
    }

    /** Handler threads alive now: one per client being served. */
    public int handlerThreads() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }

    /** The opt-in grace: stops accepting, gives the handlers up to {@code grace} to end by themselves, then {@link #close()}. */
    public void closeGracefully(Duration grace) throws InterruptedException {
        shutdown(); // the loop has ended: no thread starts after this
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread thread : threads) {
            TimeUnit.NANOSECONDS.timedJoin(thread, deadline - System.nanoTime()); // no wait once the grace is over
        }
        close();
    }

    /**
     * Python's {@code server_close()} with {@code block_on_close}: {@link TcpServer#close()}
     * (no new client, every connection closed, the loop ended), then waits for every handler
     * thread. A handler that waits on something other than its socket is interrupted.
     *
     * @throws IllegalStateException on a handler's own thread: it would wait for itself
     */
    @Override
    public void close() {
        if (threads.contains(Thread.currentThread())) {
            throw new IllegalStateException("close() from a handler's own thread would wait for itself:"
                    + " call it from another thread, e.g. new Thread(server::close).start()");
        }
        super.close(); // after this no thread starts: the loop has ended
        threads.forEach(Thread::interrupt);
        threads.forEach(ThreadingTcpServer::joinUninterruptibly);
    }

    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Run from an IDE: the classroom echo, a thread per client ({@code server}). */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("server", args);
    }
}
