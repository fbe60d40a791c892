package socketlessons.basics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Background;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§1.1 B/S是特殊的C/S架构: a browser is a client too")
class BrowserServerTest {

    @Test
    @DisplayName("§1.1 B/S: java.net.http.HttpClient reads a page from a raw ServerSocket")
    void httpClientReadsPageFromRawServerSocket() throws Exception {
        try (BrowserServer server = new BrowserServer("127.0.0.1", 0)) {
            CompletableFuture<String> requestLine = Background.call(() -> server.answerOne());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/course"))
                    .timeout(Duration.ofSeconds(10)).build();

            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(response.body()).contains("hello from a raw ServerSocket", "B/S是特殊的C/S架构", "GET /course HTTP/1.1");
            assertThat(requestLine.get(10, TimeUnit.SECONDS)).isEqualTo("GET /course HTTP/1.1");
        }
    }

    @Test
    @DisplayName("§1.1 B/S bad input: a client that closes mid-request is reported, and the next request is served")
    void survivesClientThatClosesMidRequest() throws Exception {
        try (BrowserServer server = new BrowserServer("127.0.0.1", 0)) {
            int port = server.address().getPort();
            CompletableFuture<String> first = Background.call(() -> server.answerOne());
            try (Socket vanishing = new Socket("127.0.0.1", port)) {
                OutputStream out = vanishing.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(first.get(10, TimeUnit.SECONDS))
                    .isEqualTo("(no request: the client closed before the end of its request)");

            CompletableFuture<String> second = Background.call(() -> server.answerOne());
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("GET / HTTP/1.1");
        }
    }
}
