package socketlessons.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Python's {@code ThreadingTCPServer} ({@code ThreadingMixIn} + {@code TCPServer}): a new
 * thread per client, so clients are served at the same time. No limit: a thousand clients
 * are a thousand threads ({@link PooledTcpServer} sets one).
 */
public class ThreadingTcpServer extends TcpServer {

    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();

    public ThreadingTcpServer(InetSocketAddress address, Supplier<? extends BaseRequestHandler<Socket>> handlerClass,
            Options options, Consumer<String> log) throws IOException {
        super(address, handlerClass, options, log);
    }

    /** Python's {@code ThreadingMixIn.process_request}: start a thread and return to accept at once. */
    @Override
    protected void processRequest(Socket request, InetSocketAddress clientAddress) {
        Thread thread = new Thread(() -> {
            try {
                runHandler(request, clientAddress);
            } finally {
                handlers.remove(Thread.currentThread());
            }
        }, "handler " + format(clientAddress));
        handlers.add(thread);
        thread.start();
    }

    /** Handler threads alive now: one per connected client. */
    public int handlerThreads() {
        return handlers.size();
    }

    @Override
    protected void awaitHandlerThreads() throws InterruptedException {
        for (Thread thread : handlers) {
            thread.join();
        }
    }
}
