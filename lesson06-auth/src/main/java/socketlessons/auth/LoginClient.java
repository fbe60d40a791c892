package socketlessons.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Sends one login or register request and returns the server's answer. */
public final class LoginClient {

    /** The server's answer. */
    public record Answer(boolean ok, String message) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoginClient() {
    }

    /** Connects in plain TCP ({@code tls == null}) or TLS, sends the request, returns the answer. */
    public static Answer request(InetSocketAddress server, SSLContext tls, String op, String user, String password)
            throws IOException {
        try (Socket sk = tls == null ? new Socket() : tls.getSocketFactory().createSocket()) {
            sk.connect(server, 5_000);
            sk.setSoTimeout(30_000);
            if (sk instanceof SSLSocket ssl) {
                ssl.startHandshake(); // fails here if the server's certificate is not the one we trust
            }
            String request = JSON.createObjectNode().put("op", op).put("user", user).put("password", password) + "\n";
            sk.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            sk.getOutputStream().flush();
            String line = new BufferedReader(new InputStreamReader(sk.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IOException("the server closed without answering");
            }
            JsonNode answer = JSON.readTree(line);
            return new Answer(answer.path("ok").asBoolean(), answer.path("message").asText());
        }
    }
}
