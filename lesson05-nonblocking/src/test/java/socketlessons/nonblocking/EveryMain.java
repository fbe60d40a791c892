package socketlessons.nonblocking;

import java.net.InetSocketAddress;
import socketlessons.sticky.LengthPrefixCodec;

/**
 * Runs the {@code main} of every runnable class of the lesson once, one after another, as an
 * IDE's Run button would (with a few options, so that each ends by itself). {@link RunnableMainsTest}
 * starts it in a JVM of its own, its standard input ended: a {@code main} that fails exits
 * that JVM with its code, one that works returns.
 */
final class EveryMain {

    private EveryMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] briefly = {"--port", "0", "--stop-after", "0.05"}; // listening is all the test looks for
        run(BusyPollingServer.class, briefly);
        run(SelectorEchoServer.class, briefly);
        run(GuardedSelectorEchoServer.class, briefly);
        run(NaiveWriteServer.class, briefly);
        run(ThreadPerClientEchoServer.class, briefly);
        run(BlockingEchoServer.class, briefly);
        run(AioEchoServer.class, briefly);
        if (Runtime.version().feature() >= 21) {
            run(Class.forName(EchoServer.VIRTUAL_THREAD_SERVER), briefly);
        }
        try (GuardedSelectorEchoServer server = new GuardedSelectorEchoServer(new InetSocketAddress("127.0.0.1", 0),
                new LengthPrefixCodec(), GuardedSelectorEchoServer.Limits.DEFAULT, System.out::println).start()) {
            String port = Integer.toString(server.address().getPort());
            run(EchoClient.class, "--port", port); // its input ended: it quits
            run(LoadClient.class, "--port", port, "--clients", "5", "--messages", "5");
        }
        run(NonBlockingDemo.class, "--idle-ms", "50");
        System.out.println("every main ran");
    }

    private static void run(Class<?> type, String... args) throws Exception {
        System.out.println("== " + type.getSimpleName() + " " + String.join(" ", args));
        System.out.flush();
        type.getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
