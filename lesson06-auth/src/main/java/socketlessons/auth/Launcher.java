package socketlessons.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.basics.cli.HostPort;

/**
 * {@code java -jar lesson06-auth.jar <command>}: every program of lesson06. It only parses
 * options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson06-auth", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = BuildVersion.class,
        description = "§8 is this client one of ours? Challenge-response, passwords stored right, TLS.")
public final class Launcher {

    private static final String ITERATIONS = "" + PasswordHasher.OWASP_ITERATIONS;

    private final Console console;

    private Launcher(Console console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** Runs one command with the given console; returns its exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(Console console, String... args) {
        return Cli.run(new Launcher(console), console, args);
    }

    /** Where the §8 key comes from. */
    static final class Key {
        @Option(names = "--key-file", description = "file holding the shared key (default: the environment variable " + SecretKeys.ENVIRONMENT_VARIABLE + ")")
        Path file;

        @Option(names = "--digest", defaultValue = "sha256",
                description = "${COMPLETION-CANDIDATES} (any case); md5 is the course's wire form, for its Python client (default: ${DEFAULT-VALUE})")
        Digest digest;

        byte[] load() throws IOException {
            return SecretKeys.load(file, System.getenv());
        }
    }

    /** TLS for the login programs. */
    static final class TlsOptions {
        @Option(names = "--tls", description = "use TLS")
        boolean on;

        @Option(names = "--keystore", defaultValue = "keystore.p12", description = "server: the PKCS12 keystore (default: ${DEFAULT-VALUE}; make one with make-cert)")
        Path keystore;

        @Option(names = "--storepass", defaultValue = "changeit", description = "server: the keystore's password (default: ${DEFAULT-VALUE})")
        String storePassword;

        @Option(names = "--trust", defaultValue = "server.crt", description = "client: the one certificate to trust (default: ${DEFAULT-VALUE})")
        Path trust;
    }

    /** Who logs in, and how: the options of register and login. */
    static final class Account {
        @Option(names = "--user", required = true, description = "the user name")
        String user;

        @Mixin TlsOptions tls;
    }

    @Command(name = "server", description = "§8 server: a client must answer HMAC(key, challenge) before anything is served (Ctrl+C stops it).")
    int server(@Mixin Endpoint endpoint, @Mixin Key key,
            @Option(names = "--make-key", description = "if --key-file does not exist, write a new random key to it first") boolean makeKey,
            @Option(names = "--no-check", description = "serve anyone, without the check (the course's §4 server)") boolean noCheck,
            @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS", description = "seconds a client has for its whole"
                    + " answer, and for taking each echo; 0 waits for ever, as the course does (default: ${DEFAULT-VALUE})") int timeoutSeconds,
            @Option(names = "--clients", defaultValue = "0", paramLabel = "N", description = "stop after this many clients; 0 never (default: ${DEFAULT-VALUE})")
            int clients) throws Exception {
        if (makeKey && key.file != null && SecretKeys.makeIfMissing(key.file)) {
            console.out.println("wrote a new random key to " + key.file + ": give clients the same file (--key-file " + key.file + ")");
        }
        ChallengeCheck check = noCheck ? null : new ChallengeCheck(key.load(), key.digest);
        try (CheckedServer server = new CheckedServer(endpoint.host, endpoint.port, check, timeoutSeconds * 1000, console.out::println)) {
            console.out.println("listening on " + Endpoint.format(server.address()) + (noCheck ? " (no check: anyone is served)"
                    : " (HMAC-" + key.digest + " check, " + (timeoutSeconds == 0 ? "no timeout" : timeoutSeconds + " s to answer") + ")"));
            server.serve(clients);
        }
        return 0;
    }

    @Command(name = "client", description = "§8 client: answers the challenge, then sends each line you type; q quits.")
    int client(@Mixin Endpoint endpoint, @Mixin Key key) throws Exception {
        CheckedClient.talk(endpoint.address(), key.load(), key.digest, console.in, console.out);
        return 0;
    }

    @Command(name = "login-server", description = "§10.2 login server: register and log in against a salted PBKDF2 user file (Ctrl+C stops it).")
    int loginServer(@Mixin Endpoint endpoint, @Mixin TlsOptions tls,
            @Option(names = "--users", defaultValue = "users.txt", description = "the user file (default: ${DEFAULT-VALUE})") Path users,
            @Option(names = "--iterations", defaultValue = ITERATIONS, description = "PBKDF2 iterations for new passwords (default: ${DEFAULT-VALUE}, OWASP's)")
            int iterations) throws Exception {
        console.out.printf(Locale.ROOT, "opening %s (PBKDF2-HMAC-SHA256, %,d iterations)%s ...%n", users, iterations, tls.on ? " and " + tls.keystore : "");
        PasswordStore store = PasswordStore.open(users, new PasswordHasher(iterations));
        store.problems().forEach(console.out::println);
        var listening = tls.on
                ? LoginServer.tls(endpoint.host, endpoint.port, Tls.serverContext(tls.keystore, tls.storePassword.toCharArray()))
                : LoginServer.plain(endpoint.host, endpoint.port);
        try (LoginServer server = new LoginServer(listening, new LoginService(store, new LoginThrottle(Clock.systemUTC())), console.out::println)) {
            console.out.println("listening on " + Endpoint.format(server.address()) + (tls.on ? " (TLS)" : ""));
            server.serveForever();
        }
        return 0;
    }

    @Command(name = "register", description = "§10.2 registers a user (the password is read from input).")
    int register(@Mixin Endpoint endpoint, @Mixin Account account) throws Exception {
        return send("register", endpoint, account);
    }

    @Command(name = "login", description = "§10.2 logs in (the password is read from input).")
    int login(@Mixin Endpoint endpoint, @Mixin Account account) throws Exception {
        return send("login", endpoint, account);
    }

    /**
     * Checks that the server is there (and, with TLS, that it is the one we trust) before
     * asking for the password; reads the password without echo at a terminal, from standard
     * input otherwise, never from the command line (where ps shows it).
     */
    private int send(String op, Endpoint endpoint, Account account) throws Exception {
        SSLContext context = account.tls.on ? Tls.clientContext(account.tls.trust) : null;
        LoginClient.check(endpoint.address(), context);
        String password = console.readPassword("password: ");
        if (password == null) {
            throw new IOException("no password given (type it, or pipe it: echo PASSWORD | ...)");
        }
        LoginClient.Answer answer = LoginClient.request(endpoint.address(), context, op, account.user, password);
        console.out.println(CheckedClient.forConsole(answer.message())); // the server's text: no escape sequences reach the console
        return answer.ok() ? 0 : 1;
    }

    @Command(name = "guess", description = "§10.2 why md5(user + password) is weak: guesses per second against MD5 and against PBKDF2.")
    int guess(@Option(names = "--password", defaultValue = "sock", description = "the lowercase password to find, 1 to 6 letters (default: ${DEFAULT-VALUE})")
            String password,
            @Option(names = "--iterations", defaultValue = ITERATIONS, description = "PBKDF2 iterations (default: ${DEFAULT-VALUE})") int iterations,
            @Option(names = "--pbkdf2-ms", defaultValue = "2000", description = "how long to measure PBKDF2 guessing, in ms; at least 3 guesses (default: ${DEFAULT-VALUE})")
            long pbkdf2Millis) throws Exception {
        if (!password.matches("[a-z]{1,6}")) {
            throw new Cli.UsageError("--password is 1 to 6 lowercase letters (the search tries them all), not " + password);
        }
        String line = "alex|" + Md5Guessing.courseHash("alex", password);
        console.out.println("the course's user file line: " + line);
        Md5Guessing.warmUp(iterations);
        long start = System.nanoTime();
        Md5Guessing.Result found = Md5Guessing.crack("alex", line.substring(5), password.length());
        double seconds = (System.nanoTime() - start) / 1e9;
        long md5PerSecond = (long) (found.guesses() / seconds);
        console.out.printf(Locale.ROOT, "MD5:    found \"%s\" after %,d guesses in %.2f s: %,d guesses/s%n",
                found.password(), found.guesses(), seconds, md5PerSecond);
        double pbkdf2PerSecond = Md5Guessing.pbkdf2GuessesPerSecond(iterations, pbkdf2Millis);
        console.out.printf(Locale.ROOT, "PBKDF2: %,d iterations: %.1f guesses/s: %,.0f times slower%n",
                iterations, pbkdf2PerSecond, md5PerSecond / pbkdf2PerSecond);
        long all = (long) Math.pow(26, password.length());
        console.out.printf(Locale.ROOT, "all %,d passwords of %d lowercase letters: %.2f s with MD5, %.1f hours with PBKDF2%n",
                all, password.length(), all / (double) md5PerSecond, all / pbkdf2PerSecond / 3600);
        return 0;
    }

    @Command(name = "make-cert", description = "makes a self-signed certificate for 127.0.0.1 with the JDK's keytool: keystore.p12 and server.crt.")
    int makeCert(@Option(names = "--dir", defaultValue = ".", description = "where to write them (default: the current folder)") Path folder,
            @Option(names = "--storepass", defaultValue = "changeit", description = "the keystore's password (default: ${DEFAULT-VALUE})")
            String storePassword) throws Exception {
        Tls.TestCertificate made = Tls.makeTestCertificate(folder, storePassword.toCharArray());
        console.out.println("wrote " + made.keystore() + " (the server's private key) and " + made.certificate() + " (give this to clients)");
        return 0;
    }

    @Command(name = "relay", description = "a relay that shows what a client sends through it, as anyone on the path could see it (Ctrl+C stops it).")
    int relay(@Mixin Endpoint endpoint, @Option(names = "--to", required = true, converter = HostPort.Converter.class,
            paramLabel = "HOST:PORT", description = "the server") HostPort to) throws Exception {
        try (SniffingRelay relay = new SniffingRelay(endpoint.host, endpoint.port, to.address(), console.out::println)) {
            console.out.println("listening on " + Endpoint.format(relay.address()) + ", relaying to " + to);
            Thread.currentThread().join(); // until Ctrl+C
        }
        return 0;
    }

    @Command(name = "demo", description = "§8 and §10.2 narrated: the challenge, a login sniffed in clear, the same login under TLS.")
    int demo(@Mixin Endpoint endpoint,
            @Option(names = "--iterations", defaultValue = ITERATIONS, description = "PBKDF2 iterations (default: ${DEFAULT-VALUE})") int iterations)
            throws Exception {
        new AuthDemo(console.out, iterations).run(endpoint.host, endpoint.port);
        return 0;
    }

    /** {@code command} and {@code args}, or {@code command} and {@code ideDefaults} when there are no args: for the classes' own mains. */
    static String[] commandLine(String command, String[] args, String... ideDefaults) {
        return Cli.prepend(command, args.length == 0 ? ideDefaults : args);
    }
}
