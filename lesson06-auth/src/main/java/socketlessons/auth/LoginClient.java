package socketlessons.auth;

import socketlessons.basics.cli.Console;
import socketlessons.basics.PeerText;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Sends one login or register request, in clear or over TLS, and returns the server's answer. */
public final class LoginClient {

    /** The server's answer. */
    public record Answer(boolean ok, String message) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoginClient() {
    }

    /**
     * Connects (and with TLS, checks the server's certificate in the handshake), then hangs up:
     * is the server there, and the one we trust? A client asks this before it asks for a
     * password, so nobody types one for a server that is not running.
     */
    public static void check(InetSocketAddress server, SSLContext tls) throws IOException {
        try (Socket sk = open(tls)) {
            sk.connect(server, 5_000);
            sk.setSoTimeout(30_000);
            if (sk instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
        }
    }

    private static Socket open(SSLContext tls) throws IOException {
        Socket sk = tls == null ? new Socket() : tls.getSocketFactory().createSocket();
        if (sk instanceof SSLSocket ssl) {
            // Also check that the certificate names the host we asked for (its SAN), as a browser does.
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
        }
        return sk;
    }

    /**
     * Connects in plain TCP ({@code tls == null}) or over TLS, sends the request, returns the answer.
     *
     * @throws javax.net.ssl.SSLHandshakeException when the server's certificate is not one {@code tls} trusts
     */
    public static Answer request(InetSocketAddress server, SSLContext tls, String op, String user, String password)
            throws IOException {
        try (Socket sk = open(tls)) {
            sk.connect(server, 5_000);
            sk.setSoTimeout(30_000);
            if (sk instanceof SSLSocket ssl) {
                ssl.startHandshake(); // fails here if the server is not the one we trust
            }
            String request = JSON.createObjectNode().put("op", op).put("user", user).put("password", password) + "\n";
            OutputStream out = sk.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line;
            try {
                line = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (SocketException e) {
                line = null; // reset: it hung up on us
            }
            JsonNode answer = line == null ? null : parse(line);
            if (answer == null || !answer.path("message").isTextual()) {
                // What a plain client sees from a TLS server: a binary alert, or nothing.
                throw new IOException("no answer from the server" + (tls == null ? " (if it runs with --tls, use --tls too)" : ""));
            }
            return new Answer(answer.path("ok").asBoolean(), answer.path("message").asText());
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Run from an IDE: with no arguments, {@code java -jar lesson06-auth.jar login --user alice} (then type the password). */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line for {@code main(args)}: with no args, the defaults an IDE run needs. */
    static String[] commandLine(String... args) {
        return Launcher.commandLine("login", args, "--user", "alice");
    }

    /** Who logs in, and how: the options of {@code register} and {@code login} (a picocli mixin). */
    public static final class Account {
        @Option(names = "--user", required = true, description = "the user name")
        public String user;

        @Mixin public Tls.Options tls;
    }

    /**
     * {@code register} and {@code login}: checks that the server is there (and, with TLS, that it is the one we trust) before
     * asking for the password; reads the password without echo at a terminal, from standard
     * input otherwise, never from the command line (where ps shows it).
     */
    public static int ask(String op, InetSocketAddress server, Account account, Console console) throws Exception {
        SSLContext context = account.tls.on ? Tls.clientContext(account.tls.trust) : null;
        check(server, context);
        String password = console.readPassword("password: ");
        if (password == null) {
            throw new IOException("no password given (type it, or pipe it: echo PASSWORD | ...)");
        }
        Answer answer = request(server, context, op, account.user, password);
        console.out.println(PeerText.shown(answer.message())); // the server's text: no escape sequences reach the console
        return answer.ok() ? 0 : 1;
    }
}
