package socketlessons.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
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

    private Tls() {
    }

    /**
     * Makes a self-signed certificate for 127.0.0.1 and localhost with the JDK's own keytool,
     * valid for 30 days: {@code keystore.p12} (private key) and {@code server.crt} (public).
     */
    public static TestCertificate makeTestCertificate(Path folder, char[] password) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path keystore = folder.resolve("keystore.p12");
        Path certificate = folder.resolve("server.crt");
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(certificate);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String pass = new String(password);
        keytool(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "30",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", pass));
        keytool(List.of(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", pass, "-file", certificate.toString()));
        return new TestCertificate(keystore, password, certificate);
    }

    private static void keytool(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    /** The server's side: its private key and certificate, from a PKCS12 keystore. */
    public static SSLContext serverContext(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The client's side: trusts this one certificate and nothing else. */
    public static SSLContext clientContext(Path certificate) throws IOException, GeneralSecurityException {
        Certificate trusted;
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("server", trusted);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
