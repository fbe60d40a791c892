package socketlessons.homework.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import socketlessons.homework.Messages;

/**
 * {@code chat-load}: N users log in and send private messages to one another for a while, each
 * waiting for its message's status before the next (one in flight per user). Every message
 * carries its sender and number; receivers acknowledge and count them, so the run can say how
 * many were lost (told "delivered" or "stored" but never seen) or seen twice.
 */
public final class ChatLoad {

    /** What a run measured. */
    public record Result(int users, long sent, long received, long lost, long duplicated, double seconds,
            long p50Micros, long p99Micros) {

        @Override
        public String toString() {
            return String.format("users %,d: %,.0f messages/s (%,d sent, %,d received), delivery latency p50 %,d µs, p99 %,d µs, lost %,d, duplicated %,d",
                    users, sent / seconds, sent, received, p50Micros, p99Micros, lost, duplicated);
        }
    }

    private final InetSocketAddress server;
    private final int users;
    private final double seconds;

    /** {@code chat-load}, from an IDE with no arguments: 100 users for 5 s against 127.0.0.1:9000. */
    public static void main(String[] args) {
        System.exit(run(socketlessons.basics.cli.Console.system(), args));
    }

    /** What {@link #main} runs: {@code chat-load} with {@code args}. */
    static int run(socketlessons.basics.cli.Console console, String... args) {
        return Launcher.run(console, socketlessons.basics.cli.Cli.prepend("chat-load", args));
    }

    public ChatLoad(InetSocketAddress server, int users, double seconds) {
        this.server = server;
        this.users = users;
        this.seconds = seconds;
    }

    /** {@code chat-load}: runs, prints the result, and fails (1, a line on {@code err}) when a message was lost or duplicated. */
    int runAndReport(PrintWriter out, PrintWriter err) throws Exception {
        Result result = run();
        out.println(result);
        if (result.lost() != 0 || result.duplicated() != 0) {
            err.println("error: " + result.lost() + " messages lost, " + result.duplicated() + " duplicated");
            return 1;
        }
        return 0;
    }

    public Result run() throws Exception {
        String prefix = "load" + Long.toString(System.nanoTime() % 100_000, 36) + "_";
        List<Peer> peers = new ArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicLong received = new AtomicLong();
        AtomicLong duplicated = new AtomicLong();
        long[][] latencies = new long[users][];
        try {
            for (int i = 0; i < users; i++) {
                Peer peer = new Peer(server, prefix + i);
                peers.add(peer);
                peer.registerAndLogin();
            }
            long end = System.nanoTime() + (long) (seconds * 1e9);
            CountDownLatch done = new CountDownLatch(users);
            AtomicLong sent = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                Peer peer = peers.get(i);
                int me = i;
                Thread reader = new Thread(() -> peer.readLoop(seen, received, duplicated), "reader " + i);
                reader.setDaemon(true);
                reader.start();
                Thread writer = new Thread(() -> {
                    Random random = new Random(me);
                    try {
                        long n = 0;
                        do { // at least one each, however short the run and late the thread
                            n++;
                            int to = users == 1 ? me : (me + 1 + random.nextInt(users - 1)) % users;
                            peer.sendAndAwaitStatus(prefix + to, me + ":" + n + ":" + System.nanoTime());
                            sent.incrementAndGet();
                        } while (System.nanoTime() < end);
                    } catch (Exception e) {
                        peer.failed = e;
                    } finally {
                        done.countDown();
                    }
                }, "writer " + i);
                writer.setDaemon(true);
                threads.add(writer);
            }
            threads.forEach(Thread::start);
            done.await();
            // Let the last messages arrive, then count.
            long settle = System.nanoTime() + 5_000_000_000L;
            while (received.get() < sent.get() && System.nanoTime() < settle) {
                Thread.sleep(10);
            }
            long[] all = peers.stream().flatMapToLong(p -> Arrays.stream(p.latencies())).sorted().toArray();
            long errors = peers.stream().filter(p -> p.failed != null).count();
            if (errors > 0) {
                throw new IOException(errors + " users failed; the first: " + peers.stream().filter(p -> p.failed != null).findFirst().get().failed);
            }
            return new Result(users, sent.get(), received.get(), sent.get() - (received.get() - duplicated.get()), duplicated.get(),
                    seconds, percentile(all, 50), percentile(all, 99));
        } finally {
            for (Peer peer : peers) {
                peer.close();
            }
        }
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** One simulated user: a writer that sends and waits for statuses, a reader that acks messages. */
    private static final class Peer implements AutoCloseable {
        final String name;
        final Socket socket = new Socket();
        final Frames frames;
        final java.util.concurrent.BlockingQueue<ObjectNode> statuses = new java.util.concurrent.LinkedBlockingQueue<>();
        final List<Long> latencyMicros = new ArrayList<>();
        volatile Exception failed;
        long nextId = 1;

        Peer(InetSocketAddress server, String name) throws IOException {
            this.name = name;
            socket.connect(server, 10_000);
            socket.setSoTimeout(60_000);
            frames = new Frames(socket);
        }

        void registerAndLogin() throws IOException {
            frames.send(Messages.message("register").put("user", name).put("password", name + "-pw"));
            expectOk(frames.receive());
            frames.send(Messages.message("login").put("user", name).put("password", name + "-pw"));
            expectOk(frames.receive());
        }

        private void expectOk(ObjectNode answer) throws IOException {
            if (answer == null || !"ok".equals(answer.path("type").asText())) {
                throw new IOException(name + ": " + answer);
            }
        }

        void sendAndAwaitStatus(String to, String text) throws Exception {
            frames.send(Messages.message("send").put("id", nextId++).put("to", to).put("text", text));
            ObjectNode status = statuses.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            if (status == null || !"status".equals(status.path("type").asText())) {
                throw new IOException(name + ": no status, got " + status);
            }
        }

        void readLoop(Set<String> seen, AtomicLong received, AtomicLong duplicated) {
            try {
                ObjectNode frame;
                while ((frame = frames.receive()) != null) {
                    switch (frame.path("type").asText()) {
                        case "message" -> {
                            String text = frame.path("text").asText();
                            long sentAt = Long.parseLong(text.substring(text.lastIndexOf(':') + 1));
                            received.incrementAndGet();
                            if (!seen.add(frame.path("from").asText() + "/" + text)) {
                                duplicated.incrementAndGet();
                            }
                            synchronized (latencyMicros) {
                                latencyMicros.add((System.nanoTime() - sentAt) / 1_000);
                            }
                            frames.send(Messages.message("ack").put("id", frame.path("id").asLong()));
                        }
                        case "status", "error" -> statuses.add(frame);
                        default -> { } // notices
                    }
                }
            } catch (IOException e) {
                // closed at the end of the run
            }
        }

        long[] latencies() {
            synchronized (latencyMicros) {
                return latencyMicros.stream().mapToLong(Long::longValue).toArray();
            }
        }

        @Override
        public void close() {
            try {
                frames.send(Messages.message("quit"));
                socket.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }
}
