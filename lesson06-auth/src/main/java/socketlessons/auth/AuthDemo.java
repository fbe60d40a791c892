package socketlessons.auth;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import socketlessons.basics.cli.Endpoint;

/**
 * §8 and §10.2 narrated, in one process: the challenge with the right and a wrong key; a login
 * seen through a relay in clear; the same login under TLS, where the relay sees only ciphertext.
 */
public final class AuthDemo {

    private final PrintWriter out;
    private final int iterations;

    public AuthDemo(PrintWriter out, int iterations) {
        this.out = out;
        this.iterations = iterations;
    }

    public void run(String host, int port) throws Exception {
        Path folder = Files.createTempDirectory("lesson06-demo");
        // keytool is a JVM of its own and takes a second or so: it makes the certificate while the rest runs.
        CompletableFuture<Tls.TestCertificate> certificate = new CompletableFuture<>();
        Thread keytool = new Thread(() -> {
            try {
                certificate.complete(Tls.makeTestCertificate(folder, "changeit".toCharArray()));
            } catch (Exception e) {
                certificate.completeExceptionally(e);
            }
        }, "demo keytool");
        keytool.start();
        try {
            challenge(host, port);
            login(host, folder, null);
            login(host, folder, certificate.get(60, TimeUnit.SECONDS));
        } finally {
            keytool.join(60_000);
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
    }

    private void challenge(String host, int port) throws Exception {
        out.println("-- §8 challenge-response --");
        byte[] key = ChallengeResponse.newChallenge(); // 32 random bytes make a good key too
        out.println("[demo] a random key for this run only (a real one comes from a file or " + SecretKeys.ENVIRONMENT_VARIABLE + ")");
        List<String> log = new CopyOnWriteArrayList<>();
        try (CheckedServer server = new CheckedServer(host, port, new ChallengeCheck(key, Digest.SHA256), 5_000, log::add)) {
            out.println("[server] listening on " + Endpoint.format(server.address()));
            Thread serving = new Thread(() -> {
                try {
                    server.serve(2);
                } catch (IOException e) {
                    log.add("serving failed: " + e.getMessage());
                }
            }, "demo server");
            serving.start();
            for (boolean right : new boolean[] {true, false}) {
                try (Socket sk = new Socket()) {
                    sk.connect(server.address(), 5_000);
                    sk.setSoTimeout(5_000);
                    byte[] used = right ? key : "not the key".getBytes(StandardCharsets.UTF_8);
                    CheckedClient.answer(sk, used, Digest.SHA256);
                    String welcome = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    out.println("[client with " + (right ? "the right" : "a wrong") + " key] answered HMAC-SHA256(key, 32 random bytes): "
                            + (welcome == null ? "the server hung up" : welcome));
                }
            }
            serving.join(10_000);
            log.forEach(line -> out.println("[server] " + line.replaceFirst("^[0-9.]+:\\d+", "client")));
        }
    }

    /** The login through the relay, in clear ({@code certificate == null}) or under TLS with that certificate. */
    private void login(String host, Path folder, Tls.TestCertificate certificate) throws Exception {
        boolean tls = certificate != null;
        out.println(tls ? "-- the same login under TLS --" : "-- §10.2 login, in clear --");
        PasswordStore store = PasswordStore.open(folder.resolve(tls ? "tls-users.txt" : "users.txt"), new PasswordHasher(iterations));
        SSLContext serverContext = null;
        SSLContext clientContext = null;
        if (tls) {
            serverContext = Tls.serverContext(certificate.keystore(), certificate.password());
            clientContext = Tls.clientContext(certificate.certificate());
            out.println("[demo] made a certificate for 127.0.0.1 with keytool; the client trusts exactly that one");
        }
        var listening = tls ? LoginServer.tls(host, 0, serverContext) : LoginServer.plain(host, 0);
        List<String> seen = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream(); // two logins: a few hundred bytes
        try (LoginServer server = new LoginServer(listening, new LoginService(store, new LoginThrottle(Clock.systemUTC())), line -> { }).start();
             SniffingRelay relay = new SniffingRelay(host, 0, server.address(),
                     SniffingRelay.printing(seen::add).andThen(captured::writeBytes), seen::add)) {
            LoginClient.Answer registered = LoginClient.request(relay.address(), clientContext, "register", "alice", "open sesame");
            out.println("[client] register alice through the relay: " + registered.message());
            LoginClient.Answer loggedIn = LoginClient.request(relay.address(), clientContext, "login", "alice", "open sesame");
            out.println("[client] login alice through the relay: " + loggedIn.message());
            String sniffed = captured.toString(StandardCharsets.ISO_8859_1);
            out.println("[relay] saw the password \"open sesame\": " + (sniffed.contains("open sesame") ? "yes" : "no"));
            out.println("[relay] first bytes it saw: " + abbreviate(seen.get(0).replace("client → server: ", "")));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 72 ? text : text.substring(0, 72) + " ...";
    }

    /** Run from an IDE: the same as {@code java -jar lesson06-auth.jar demo}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line for {@code main(args)}: with no args, the defaults an IDE run needs. */
    static String[] commandLine(String... args) {
        return Launcher.commandLine("demo", args);
    }
}
