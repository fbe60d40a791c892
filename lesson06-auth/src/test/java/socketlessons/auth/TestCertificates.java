package socketlessons.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import socketlessons.basics.testkit.CliRun;

/**
 * The certificates the tests need, made once per test run. The server's is made by the
 * launcher's {@code make-cert} command (its test reads that run's output), a run of keytool, a
 * JVM of its own. Another one, that a client may trust instead, is an impostor's: made once with
 * keytool and kept as {@code impostor.crt} next to this class (its private key was thrown away;
 * valid until 2126), as only the certificate is needed.
 */
final class TestCertificates {

    /** The server's certificate, the {@code make-cert} run that made it, and an impostor's certificate (PEM). */
    record Made(Path folder, Tls.TestCertificate server, CliRun.Result makeCert, Path impostor) {
    }

    private static Made made;

    private TestCertificates() {
    }

    static synchronized Made get() throws Exception {
        if (made == null) {
            Path folder = Files.createTempDirectory("lesson06-certificates");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(folder)));
            Path impostor = folder.resolve("impostor.crt");
            try (InputStream in = TestCertificates.class.getResourceAsStream("impostor.crt")) {
                Files.copy(Objects.requireNonNull(in, "impostor.crt next to TestCertificates"), impostor);
            }
            Path server = folder.resolve("server");
            CliRun.Result makeCert = CliRun.run(Launcher::run, "", "make-cert", "--dir", server.toString());
            made = new Made(server, new Tls.TestCertificate(server.resolve("keystore.p12"), "changeit".toCharArray(),
                    server.resolve("server.crt")), makeCert, impostor);
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
