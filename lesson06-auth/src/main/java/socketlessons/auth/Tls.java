package socketlessons.auth;

import picocli.CommandLine.Option;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the login: the server proves who it is with a certificate and its private key; the
 * client trusts exactly that certificate (no certificate authority involved), and everything
 * after the handshake is encrypted.
 */
public final class Tls {

    /** A certificate made for the course: its keystore, the password, and the public certificate. */
    public record TestCertificate(Path keystore, char[] password, Path certificate) {
    }

    static final String ALIAS = "server";

    private Tls() {
    }

    /**
     * Makes a self-signed certificate for 127.0.0.1 and localhost with the running JDK's own
     * keytool, valid for 30 days: {@code keystore.p12} (private key and certificate, for the
     * server) and {@code server.crt} (the certificate alone, PEM, for clients).
     */
    public static TestCertificate makeTestCertificate(Path folder, char[] password) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path keystore = folder.resolve("keystore.p12");
        Path certificate = folder.resolve("server.crt");
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(certificate);
        keytool(List.of(keytoolPath(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", // a short-lived JVM: start fast, little JIT
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "30",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", new String(password)));
        // The public half, read here rather than by a second keytool run (-exportcert -rfc).
        try {
            Certificate cert = load(keystore, password).getCertificate(ALIAS);
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(certificate, pem, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("keytool made a keystore that cannot be read: " + e.getMessage(), e);
        }
        return new TestCertificate(keystore, password, certificate);
    }

    /** keytool next to the java that runs this program (keytool.exe on Windows). */
    static String keytoolPath() {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path exe = bin.resolve("keytool.exe");
        return (Files.exists(exe) ? exe : bin.resolve("keytool")).toString();
    }

    private static void keytool(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // it must never wait for a typed answer
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output.strip());
        }
    }

    private static KeyStore load(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        return store;
    }

    /** The server's side: its private key and certificate, from a PKCS12 keystore. */
    public static SSLContext serverContext(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore, password), password);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The client's side: trusts this one certificate and nothing else (not even the JDK's CAs). */
    public static SSLContext clientContext(Path certificate) throws IOException, GeneralSecurityException {
        Certificate trusted;
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry(ALIAS, trusted);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** TLS for the login programs: {@code --tls}, the server's keystore, the client's certificate (a picocli mixin). */
    public static final class Options {
        @Option(names = "--tls", description = "use TLS")
        public boolean on;

        @Option(names = "--keystore", defaultValue = "keystore.p12", description = "server: the PKCS12 keystore (default: ${DEFAULT-VALUE}; make one with make-cert)")
        public Path keystore;

        @Option(names = "--storepass", defaultValue = "changeit", description = "server: the keystore's password (default: ${DEFAULT-VALUE})")
        public String storePassword;

        @Option(names = "--trust", defaultValue = "server.crt", description = "client: the one certificate to trust (default: ${DEFAULT-VALUE})")
        public Path trust;
    }
}
