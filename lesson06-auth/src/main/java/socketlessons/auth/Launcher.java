package socketlessons.auth;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code java -jar lesson06-auth.jar <command>}: every program of lesson06. It only parses
 * options and calls the lesson's classes, which do the socket work.
 */
@Command(name = "lesson06-auth", mixinStandardHelpOptions = true, version = "socket-lessons lesson06 1.0",
        description = "§8 is this client one of ours? Challenge-response, passwords stored right, TLS.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.LoginServerCommand.class,
            Launcher.Register.class, Launcher.Login.class, Launcher.Guess.class, Launcher.MakeCert.class,
            Launcher.Relay.class, Launcher.Demo.class})
public final class Launcher {

    final BufferedReader in;
    final PrintWriter out;
    /** True when a person types at a terminal: then a password is read without echo. */
    final boolean terminal;

    Launcher(InputStream in, PrintStream out) {
        this.terminal = in == System.in && System.console() != null;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        System.exit(run(System.in, System.out, args));
    }

    /** Runs one command with the given console; returns its exit code. */
    public static int run(InputStream in, PrintStream out, String... args) {
        Launcher launcher = new Launcher(in, out);
        CommandLine cli = new CommandLine(launcher);
        cli.setOut(launcher.out);
        cli.setErr(launcher.out);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            launcher.out.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()) + hint(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** What a student can do about the usual errors. */
    static String hint(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return " (is the server running? start it first)";
        }
        if (e instanceof java.net.BindException) {
            return " (another program holds this port: stop it, or choose another with --port, 0 for any free one)";
        }
        if (e instanceof javax.net.ssl.SSLHandshakeException) {
            return " (TLS: does --trust name the server's certificate, and does the server use --tls?)";
        }
        return "";
    }

    static String[] prepend(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The options every program has. */
    static final class Endpoint {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "9000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;

        InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }
    }

    /** Where the §8 key comes from. */
    static final class Key {
        @Option(names = "--key-file", description = "file holding the shared key (default: the environment variable " + SecretKeys.ENVIRONMENT_VARIABLE + ")")
        Path file;

        @Option(names = "--digest", defaultValue = "sha256", description = "sha256, or md5 (the course's wire form, for its Python client) (default: ${DEFAULT-VALUE})")
        Digest digest;

        byte[] load() throws java.io.IOException {
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

    abstract static class Base implements Callable<Integer> {
        @ParentCommand Launcher console;
        @CommandLine.Mixin Endpoint endpoint = new Endpoint();
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "§8 server: a client must answer HMAC(key, challenge) before anything is served (Ctrl+C stops it).")
    static final class Server extends Base {
        @CommandLine.Mixin Key key = new Key();

        @Option(names = "--no-check", description = "serve anyone, without the check (the course's §4 server)")
        boolean noCheck;

        @Option(names = "--timeout", defaultValue = "10", description = "seconds a client has to answer; 0 waits for ever, as the course does (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = "--clients", defaultValue = "0", description = "stop after this many clients; 0 never (default: ${DEFAULT-VALUE})")
        int clients;

        @Override
        public Integer call() throws Exception {
            ChallengeCheck check = noCheck ? null : new ChallengeCheck(key.load(), key.digest);
            try (CheckedServer server = new CheckedServer(endpoint.host, endpoint.port, check,
                    timeoutSeconds * 1000, console.out::println)) {
                console.out.println("listening on " + format(server.address())
                        + (noCheck ? " (no check: anyone is served)" : " (HMAC-" + key.digest + " check, "
                        + (timeoutSeconds == 0 ? "no timeout" : timeoutSeconds + " s to answer") + ")"));
                server.serve(clients);
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "§8 client: answers the challenge, then sends each line you type; q quits.")
    static final class Client extends Base {
        @CommandLine.Mixin Key key = new Key();

        @Override
        public Integer call() throws Exception {
            return CheckedClient.talk(endpoint.address(), key.load(), key.digest, console.in, console.out) ? 0 : 1;
        }
    }

    @Command(name = "login-server", mixinStandardHelpOptions = true,
            description = "§10.2 login server: register and log in against a salted PBKDF2 user file (Ctrl+C stops it).")
    static final class LoginServerCommand extends Base {
        @Option(names = "--users", defaultValue = "users.txt", description = "the user file (default: ${DEFAULT-VALUE})")
        Path users;

        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS, description = "PBKDF2 iterations for new passwords (default: ${DEFAULT-VALUE}, OWASP's)")
        int iterations;

        @CommandLine.Mixin TlsOptions tls = new TlsOptions();

        @Override
        public Integer call() throws Exception {
            PasswordStore store = PasswordStore.open(users, new PasswordHasher(iterations));
            store.problems().forEach(console.out::println);
            var listening = tls.on
                    ? LoginServer.tls(endpoint.host, endpoint.port, Tls.serverContext(tls.keystore, tls.storePassword.toCharArray()))
                    : LoginServer.plain(endpoint.host, endpoint.port);
            try (LoginServer server = new LoginServer(listening, new LoginService(store, new LoginThrottle(Clock.systemUTC())), console.out::println)) {
                console.out.println("listening on " + format(server.address()) + (tls.on ? " (TLS)" : ""));
                server.serveForever();
            }
            return 0;
        }
    }

    abstract static class Account extends Base {
        @Option(names = "--user", required = true, description = "the user name")
        String user;

        @CommandLine.Mixin TlsOptions tls = new TlsOptions();

        /** The password is read from the first line of input, never from the command line (where ps shows it). */
        Integer send(String op) throws Exception {
            String password;
            if (console.terminal) {
                char[] typed = System.console().readPassword("password: ");
                password = typed == null ? null : new String(typed);
            } else {
                password = console.in.readLine();
            }
            if (password == null) {
                console.out.println("no password given");
                return 1;
            }
            SSLContext context = tls.on ? Tls.clientContext(tls.trust) : null;
            LoginClient.Answer answer = LoginClient.request(endpoint.address(), context, op, user, password);
            console.out.println(CheckedClient.forConsole(answer.message())); // the server's text: no escape sequences reach the console
            return answer.ok() ? 0 : 1;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "§10.2 registers a user (the password is read from input).")
    static final class Register extends Account {
        @Override
        public Integer call() throws Exception {
            return send("register");
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true, description = "§10.2 logs in (the password is read from input).")
    static final class Login extends Account {
        @Override
        public Integer call() throws Exception {
            return send("login");
        }
    }

    @Command(name = "guess", mixinStandardHelpOptions = true,
            description = "§10.2 why md5(user + password) is weak: guesses per second against MD5 and against PBKDF2.")
    static final class Guess implements Callable<Integer> {
        @ParentCommand Launcher console;

        @Option(names = "--password", defaultValue = "sock", description = "the lowercase password to find (default: ${DEFAULT-VALUE})")
        String password;

        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS, description = "PBKDF2 iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--pbkdf2-ms", defaultValue = "2000", description = "how long to measure PBKDF2 guessing, in ms; at least 3 guesses (default: ${DEFAULT-VALUE})")
        long pbkdf2Millis;

        @Override
        public Integer call() throws Exception {
            if (!password.matches("[a-z]{1,6}")) {
                throw new IllegalArgumentException(
                        "--password is 1 to 6 lowercase letters (the search tries them all), not " + password);
            }
            String line = "alex|" + Md5Guessing.courseHash("alex", password);
            console.out.println("the course's user file line: " + line);
            Md5Guessing.warmUp();
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
    }

    @Command(name = "make-cert", mixinStandardHelpOptions = true,
            description = "makes a self-signed certificate for 127.0.0.1 with the JDK's keytool: keystore.p12 and server.crt.")
    static final class MakeCert implements Callable<Integer> {
        @ParentCommand Launcher console;

        @Option(names = "--dir", defaultValue = ".", description = "where to write them (default: the current folder)")
        Path folder;

        @Option(names = "--storepass", defaultValue = "changeit", description = "the keystore's password (default: ${DEFAULT-VALUE})")
        String storePassword;

        @Override
        public Integer call() throws Exception {
            Tls.TestCertificate made = Tls.makeTestCertificate(folder, storePassword.toCharArray());
            console.out.println("wrote " + made.keystore() + " (the server's private key) and " + made.certificate() + " (give this to clients)");
            return 0;
        }
    }

    @Command(name = "relay", mixinStandardHelpOptions = true,
            description = "a relay that shows what a client sends through it, as anyone on the path could see it.")
    static final class Relay extends Base {
        @Option(names = "--to", required = true, description = "the server, HOST:PORT")
        String to;

        @Override
        public Integer call() throws Exception {
            int colon = to.lastIndexOf(':');
            if (colon <= 0 || !to.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("--to is HOST:PORT, e.g. 127.0.0.1:9000, not " + to);
            }
            InetSocketAddress upstream = new InetSocketAddress(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)));
            try (SniffingRelay relay = new SniffingRelay(endpoint.host, endpoint.port, upstream, console.out::println)) {
                console.out.println("listening on " + format(relay.address()) + ", relaying to " + to);
                Thread.currentThread().join(); // until Ctrl+C
            }
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§8 and §10.2 narrated: the challenge, a login sniffed in clear, the same login under TLS.")
    static final class Demo extends Base {
        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS, description = "PBKDF2 iterations (default: ${DEFAULT-VALUE})")
        int iterations;

        @Override
        public Integer call() throws Exception {
            new AuthDemo(console.out, iterations).run(endpoint.host, endpoint.port);
            return 0;
        }
    }
}
