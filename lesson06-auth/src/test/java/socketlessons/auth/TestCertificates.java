package socketlessons.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import socketlessons.basics.testkit.Background;
import socketlessons.basics.testkit.CliRun;

/**
 * The certificates the tests need, made once per test run: each is a run of keytool, a JVM of
 * its own. The server's is made by the launcher's {@code make-cert} command (its test reads
 * that run's output); another one, the same way, plays an impostor. Both side by side.
 */
final class TestCertificates {

    /** The server's certificate, the {@code make-cert} run that made it, and an impostor's. */
    record Made(Path folder, Tls.TestCertificate server, CliRun.Result makeCert, Tls.TestCertificate impostor) {
    }

    private static Made made;

    private TestCertificates() {
    }

    static synchronized Made get() throws Exception {
        if (made == null) {
            Path folder = Files.createTempDirectory("lesson06-certificates");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(folder)));
            CompletableFuture<Tls.TestCertificate> impostor = Background.call(
                    () -> Tls.makeTestCertificate(folder.resolve("impostor"), "changeit".toCharArray()));
            Path server = folder.resolve("server");
            CliRun.Result makeCert = CliRun.run(Launcher::run, "", "make-cert", "--dir", server.toString());
            made = new Made(server, new Tls.TestCertificate(server.resolve("keystore.p12"), "changeit".toCharArray(),
                    server.resolve("server.crt")), makeCert, impostor.get(60, TimeUnit.SECONDS));
        }
        return made;
    }

    private static void deleteAll(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
