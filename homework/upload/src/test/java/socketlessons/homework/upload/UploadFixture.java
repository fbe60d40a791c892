package socketlessons.homework.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import socketlessons.homework.Messages;

/** An upload server on a free port of 127.0.0.1 with its data in a test folder, and clients for it. */
final class UploadFixture implements AutoCloseable {

    static final String PASSWORD = "correct horse battery staple";
    /**
     * PBKDF2 iterations of the servers in this module's tests: one. No assertion here is about what
     * a hash costs (lesson06's tests are), and every test registers and logs in, some many times.
     */
    static final int ITERATIONS = 1;

    final Path data;
    final List<String> log = new CopyOnWriteArrayList<>();
    final UploadServer server;
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> registered = new CopyOnWriteArrayList<>();

    UploadFixture(Path data) throws IOException {
        this(data, UploadServer.Settings.DEFAULT_MAX_SIZE, Duration.ofSeconds(30));
    }

    UploadFixture(Path data, long maxSize, Duration timeout) throws IOException {
        this(data, maxSize, timeout, java.time.Clock.systemUTC());
    }

    /** @param clock the login throttle's clock: a fixed one, and a throttle's wait never runs out */
    UploadFixture(Path data, long maxSize, Duration timeout, java.time.Clock clock) throws IOException {
        this.data = data;
        this.server = new UploadServer(new InetSocketAddress("127.0.0.1", 0), new UploadServer.Settings(data, maxSize, timeout, ITERATIONS), log::add, clock);
        loop.submit(server::serveForever);
    }

    InetSocketAddress address() {
        return server.address();
    }

    /** The user's folder on the server. */
    Path folder(String user) {
        return data.resolve("files").resolve(user);
    }

    /** Waits until the server's partial file of {@code name} (announced as {@code size} bytes) holds {@code held} bytes. */
    void awaitPartial(String user, String name, long size, long held) {
        Path partial = folder(user).resolve("." + name + "." + size + ".part");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                .until(() -> Files.exists(partial) && Files.size(partial) == held);
    }

    /** A client logged in as {@code user} (registered first when new). */
    UploadClient client(String user) throws IOException {
        UploadClient client = new UploadClient(address(), Duration.ofSeconds(20));
        open.add(client);
        client.login(user, PASSWORD, !registered.contains(user));
        registered.add(user);
        return client;
    }

    /** A connection that speaks the protocol by hand: messages, and raw bytes where a body goes. */
    Raw raw(String user) throws IOException {
        if (!registered.contains(user)) {
            client(user).close();
        }
        Raw raw = new Raw(address());
        open.add(raw);
        raw.send(Messages.message("login").put("user", user).put("password", PASSWORD));
        raw.expect("ok");
        return raw;
    }

    static final class Raw implements AutoCloseable {
        final Socket socket;
        final Messages messages;

        Raw(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.connect(address, 10_000);
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true); // as UploadClient: an end message after a body goes at once, not after a delayed ACK
            messages = new Messages(socket.getInputStream(), socket.getOutputStream());
        }

        void send(ObjectNode message) throws IOException {
            messages.send(message);
        }

        /** Raw bytes, straight to the socket, flushed. */
        void write(byte[] bytes) throws IOException {
            OutputStream out = messages.bodyOut();
            out.write(bytes);
            out.flush();
        }

        ObjectNode read() throws IOException {
            return messages.read();
        }

        ObjectNode expect(String type) throws IOException {
            ObjectNode answer = messages.read();
            if (answer == null || !type.equals(Messages.text(answer, "type"))) {
                throw new AssertionError("expected " + type + ", got " + answer);
            }
            return answer;
        }

        /** Starts an upload of {@code size} bytes; returns the offset the server answered. */
        long beginUpload(String name, long size) throws IOException {
            send(Messages.message("upload").put("name", name).put("size", size));
            return Messages.count(expect("ready"), "offset");
        }

        /** Hangs up with a reset (RST), like a process that died or a cable pulled out and back. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Path randomFile(Path folder, String name, long seed, int size) throws IOException {
        Files.createDirectories(folder);
        return Files.write(folder.resolve(name), randomBytes(seed, size));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(UploadStore.sha256().digest(bytes));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = UploadStore.sha256();
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Every file under the data folder, relative to the test's folder: what a user could find on the server's disk. */
    static List<String> filesUnder(Path folder) throws IOException {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        server.close();
        loop.shutdownNow();
    }
}
