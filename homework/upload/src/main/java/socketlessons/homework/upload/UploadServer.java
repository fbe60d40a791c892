package socketlessons.homework.upload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import socketlessons.auth.Authenticator;
import socketlessons.auth.LoginThrottle;
import socketlessons.auth.PasswordHasher;
import socketlessons.auth.PasswordStore;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

/**
 * {@code upload-server}: §10.2 item 4 on lesson07's threading server. In its data folder:
 * {@code users.txt} (lesson06's password store) and {@code files/USER/} for each user's files.
 */
public final class UploadServer implements AutoCloseable {

    /** What the server is given; the defaults are the launcher's. */
    public record Settings(Path data, long maxSize, Duration timeout, int iterations) {
        public static final long DEFAULT_MAX_SIZE = 8L << 30;

        public Settings(Path data) {
            this(data, DEFAULT_MAX_SIZE, Duration.ofSeconds(60), PasswordHasher.OWASP_ITERATIONS);
        }
    }

    /** The launcher's {@code upload-server} options (a picocli mixin); {@link #settings()} makes its Settings. */
    public static final class Options {
        @Option(names = "--data", defaultValue = "upload-data", paramLabel = "FOLDER",
                description = "folder for users.txt and files/USER/ (default: ${DEFAULT-VALUE})")
        Path data;

        @Option(names = "--max-size", defaultValue = "" + Settings.DEFAULT_MAX_SIZE, paramLabel = "BYTES",
                description = "largest file accepted, in bytes (default: ${DEFAULT-VALUE}, 8 GiB)")
        long maxSize;

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
                description = "seconds a client may stay silent before it is cut off (default: ${DEFAULT-VALUE})")
        double timeout;

        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS, paramLabel = "N",
                description = "PBKDF2 iterations for new passwords (default: ${DEFAULT-VALUE})")
        int iterations;

        /** The settings; a {@code --timeout} of 0 or less is a usage error. */
        public Settings settings() {
            return new Settings(data, maxSize, UploadClient.Options.seconds(timeout, "--timeout"), iterations);
        }
    }

    private final ThreadingTcpServer server;
    private final UploadStore store;

    /** Binds at once (port 0 picks a free one); {@link #serveForever()} serves. */
    public UploadServer(InetSocketAddress address, Settings settings, Consumer<String> log) throws IOException {
        this(address, settings, log, Clock.systemUTC());
    }

    /** With the login throttle's clock given: a test's fixed clock, so that waits never run out while it counts. */
    UploadServer(InetSocketAddress address, Settings settings, Consumer<String> log, Clock clock) throws IOException {
        Files.createDirectories(settings.data(), UploadStore.ownerOnly(UploadStore.FOLDER)); // users.txt and everyone's files
        PasswordStore users = PasswordStore.open(settings.data().resolve("users.txt"), new PasswordHasher(settings.iterations()));
        users.problems().forEach(log);
        this.store = new UploadStore(settings.data().resolve("files"), settings.maxSize());
        UploadService service = new UploadService(new Authenticator(users, new LoginThrottle(clock)), store, log);
        // Every read waits at most the timeout: a client that stops sending mid-file is cut off, its partial kept.
        TcpServer.Options options = new TcpServer.Options().timeout(settings.timeout());
        this.server = new ThreadingTcpServer(address, () -> new UploadHandler(service), options, log);
    }

    public static void main(String[] args) {
        Launcher.main(socketlessons.basics.cli.Cli.prepend("upload-server", args));
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public UploadStore store() {
        return store;
    }

    /** Clients connected now (a connection that was cut counts until the server has seen it end). */
    public int openConnections() {
        return server.openConnections();
    }

    /** Serves until {@link #close()} is called from another thread. */
    public void serveForever() {
        server.serveForever();
    }

    @Override
    public void close() {
        server.close();
    }
}
