package socketlessons.homework.friends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CoursePython;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.1 不同好友，聊天字体颜色不同: friends in colour")
class FriendsTest {

    private static final String ALEX_HELLO = "{\"msg\": \"hello\", \"id\": \"12345\"}";

    /** Our server, serving one conversation with a scripted console, on a thread of its own. */
    private record Running(FriendsServer server, CompletableFuture<Void> done, StringWriter screen) {
        int port() {
            return server.address().getPort();
        }
    }

    private static Running serve(String consoleLines, boolean color, int conversations) throws IOException {
        FriendsServer server = new FriendsServer("127.0.0.1", 0);
        StringWriter screen = new StringWriter();
        PrintWriter screenWriter = new PrintWriter(screen, true);
        FriendsChat chat = new FriendsChat(FriendBook.course(), color,
                new BufferedReader(new StringReader(consoleLines)), screenWriter);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                server.serve(chat, conversations, screenWriter);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return new Running(server, done, screen);
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String receive(Socket sk) throws IOException {
        sk.setSoTimeout(10_000);
        byte[] buf = new byte[1024];
        int n = sk.getInputStream().read(buf);
        return n == -1 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Writes both messages, then waits until both have arrived at the reader's socket. */
    private static void gluedInReadersBuffer(Socket writer, Socket reader, String first, String second) throws IOException {
        byte[] both = (first + second).getBytes(StandardCharsets.UTF_8);
        writer.getOutputStream().write(both);
        InputStream in = reader.getInputStream();
        await().atMost(Duration.ofSeconds(5)).until(() -> in.available() >= both.length);
    }

    @Test
    @DisplayName("§10.1 KeyError: an unknown id kills the notes' Python server")
    void reproducesUnknownIdCrashingTheCourseServer() throws Exception {
        try (CoursePython server = CoursePython.start(FriendsTest.class, "course/server.py", 0)) {
            int port = server.boundPort();
            try (Socket sk = new Socket("127.0.0.1", port)) {
                send(sk.getOutputStream(), "{\"msg\": \"hello\", \"id\": \"99999\"}");
                assertThat(server.awaitExit()).isNotZero();
            }
            assertThat(server.errors()).contains("KeyError: '99999'");
        }
    }

    @Test
    @DisplayName("§10.1 fix: our server tells an unknown id that it does not know it, and goes on talking")
    void fixesUnknownIdWithAnAnswer() throws Exception {
        Running running = serve("hi alex\n", false, 1);
        try (FriendsServer ignored = running.server(); Socket sk = new Socket("127.0.0.1", running.port())) {
            send(sk.getOutputStream(), "{\"msg\": \"hello\", \"id\": \"99999\"}");
            assertThat(receive(sk)).isEqualTo("I do not know who 99999 is");

            send(sk.getOutputStream(), ALEX_HELLO);
            assertThat(receive(sk)).isEqualTo("hi alex");
            send(sk.getOutputStream(), "{\"msg\": \"q\", \"id\": \"12345\"}");
            running.done().get(10, TimeUnit.SECONDS);
        }
        assertThat(running.screen().toString()).contains("says it is 99999, who is not in the friends table: hello",
                "alex: hello", "alex已经下线");
    }

    @Test
    @DisplayName("§10.1 glued JSON: two messages in one recv(1024) break json.loads (Extra data / trailing token)")
    void reproducesGluedMessagesBreakingOneReadJsonParsing() throws Exception {
        try (ServerSocket sk = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1", sk.getLocalPort());
             Socket conn = sk.accept()) {
            gluedInReadersBuffer(client, conn, ALEX_HELLO, "{\"msg\": \"again\", \"id\": \"12345\"}");

            assertThatThrownBy(() -> new socketlessons.sticky.UnframedJsonReader().next(conn.getInputStream()))
                    .isInstanceOf(MismatchedInputException.class)
                    .hasMessageContaining("Trailing token (of type START_OBJECT) found after value");
        }
    }

    @Test
    @DisplayName("§10.1 glued JSON: the notes' Python server dies with JSONDecodeError: Extra data")
    void reproducesGluedMessagesBreakingTheCourseServer() throws Exception {
        try (CoursePython server = CoursePython.start(FriendsTest.class, "course/server.py", 0)) {
            int port = server.boundPort();
            try (Socket sk = new Socket("127.0.0.1", port)) {
                // One write: recv(1024) cannot return less than what one small segment holds.
                send(sk.getOutputStream(), ALEX_HELLO + "{\"msg\": \"again\", \"id\": \"12345\"}");
                assertThat(server.awaitExit()).isNotZero();
            }
            assertThat(server.errors()).contains("json.decoder.JSONDecodeError: Extra data");
        }
    }

    @Test
    @DisplayName("§10.1 fix: a streaming JSON parser reads back-to-back objects, however they are glued or cut")
    void fixesGluedMessagesWithStreamingParser() throws Exception {
        Running running = serve("got one\ngot two\n", false, 1);
        try (FriendsServer ignored = running.server(); Socket sk = new Socket("127.0.0.1", running.port())) {
            OutputStream out = sk.getOutputStream();
            // Glued: two objects in one write. Cut: a third object split mid-string.
            send(out, ALEX_HELLO + "{\"msg\": \"aga");
            assertThat(receive(sk)).isEqualTo("got one");
            send(out, "in\", \"id\": \"12345\"}");
            assertThat(receive(sk)).isEqualTo("got two");
            send(out, "{\"msg\": \"Q\", \"id\": \"12345\"}");
            running.done().get(10, TimeUnit.SECONDS);
        }
        assertThat(running.screen().toString()).contains("alex: hello", "alex: again", "alex已经下线");
    }

    @Test
    @DisplayName("§10.1 fix: the streaming reader on its own: glued, split one byte at a time, and at end of stream")
    void streamingReaderFindsEveryObjectBoundary() throws Exception {
        byte[] bytes = (ALEX_HELLO + " \n{\"msg\": \"你好\", \"id\": \"12346\"}").getBytes(StandardCharsets.UTF_8);
        InputStream oneByteAtATime = new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[pos++];
                return 1;
            }
        };
        StreamingJsonReader reader = new StreamingJsonReader(oneByteAtATime);

        JsonNode first = reader.next();
        JsonNode second = reader.next();

        assertThat(first.get("msg").asText()).isEqualTo("hello");
        assertThat(second.get("msg").asText()).isEqualTo("你好");
        assertThat(second.get("id").asText()).isEqualTo("12346");
        assertThat(reader.next()).isNull();
    }

    @Test
    @DisplayName("§10.1 interop: the notes' own Python client.py talks to our server, unchanged")
    void courseClientTalksToOurServer() throws Exception {
        CoursePython.assumePython();
        Running running = serve("你好 alex\n", false, 1);
        try (FriendsServer ignored = running.server();
             CoursePython client = CoursePython.start(FriendsTest.class, "course/client.py", running.port())) {
            client.type("hello from python");
            client.awaitOutput("你好 alex");
            client.type("q");
            assertThat(client.awaitExit()).as(client.errors()).isZero();
            assertThat(client.output()).contains("你已经断开和server的聊天！");
            running.done().get(10, TimeUnit.SECONDS);
        }
        assertThat(running.screen().toString()).contains("alex: hello from python", "alex已经下线");
    }

    @Test
    @DisplayName("§10.1 colours: alex in red and sia in yellow with colour on; plain text with colour off")
    void showsEachFriendInTheirColour() throws Exception {
        Running running = serve("ok\nok\n", true, 2);
        try (FriendsServer ignored = running.server()) {
            for (String id : new String[] {"12345", "12346"}) {
                try (Socket sk = new Socket("127.0.0.1", running.port())) {
                    send(sk.getOutputStream(), "{\"msg\": \"hi\", \"id\": \"" + id + "\"}");
                    assertThat(receive(sk)).isEqualTo("ok");
                }
            }
            running.done().get(10, TimeUnit.SECONDS);
        }
        assertThat(running.screen().toString()).contains("\033[31malex: hi\033[0m", "\033[33msia: hi\033[0m");

        assertThat(Colors.paint(false, "31", "alex: hi")).isEqualTo("alex: hi");
    }

    @Test
    @DisplayName("§10.1 colours follow the conventions: NO_COLOR and a non-terminal turn auto off; always and never win")
    void colourFollowsNoColorAndTerminal() {
        assertThat(Colors.AUTO.enabled(null, true)).isTrue();
        assertThat(Colors.AUTO.enabled("1", true)).as("NO_COLOR set").isFalse();
        assertThat(Colors.AUTO.enabled("", true)).as("NO_COLOR empty counts as unset").isTrue();
        assertThat(Colors.AUTO.enabled(null, false)).as("output piped").isFalse();
        assertThat(Colors.ALWAYS.enabled("1", false)).isTrue();
        assertThat(Colors.NEVER.enabled(null, true)).isFalse();
    }

    @Test
    @DisplayName("§10.1 bad input: garbage ends that conversation with an error, and the next friend is served")
    void survivesGarbageAndServesTheNextFriend() throws Exception {
        Running running = serve("hi\n", false, 2);
        try (FriendsServer ignored = running.server()) {
            try (Socket bad = new Socket("127.0.0.1", running.port())) {
                send(bad.getOutputStream(), "this is not json");
                assertThat(receive(bad)).isEqualTo("error: not a JSON message; closing");
                assertThat(receive(bad)).as("the server closed this connection").isNull();
            }
            try (Socket good = new Socket("127.0.0.1", running.port())) {
                send(good.getOutputStream(), ALEX_HELLO);
                assertThat(receive(good)).isEqualTo("hi");
            }
            running.done().get(10, TimeUnit.SECONDS);
        }
        assertThat(running.screen().toString()).contains("sent something that is not a JSON message (Unrecognized token 'this'");
    }

    @Test
    @DisplayName("§10.1 bad input: a message without id or msg is answered with an error, and the chat goes on")
    void answersMessageWithoutFieldsAndGoesOn() throws Exception {
        Running running = serve("hi\n", false, 1);
        try (FriendsServer ignored = running.server(); Socket sk = new Socket("127.0.0.1", running.port())) {
            send(sk.getOutputStream(), "{\"text\": \"hello\"}");
            assertThat(receive(sk)).isEqualTo("error: a message needs \"id\" and \"msg\"");
            send(sk.getOutputStream(), ALEX_HELLO);
            assertThat(receive(sk)).isEqualTo("hi");
        }
        running.done().get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("§10.1 bad input: a friend who vanishes mid-message, or resets, leaves the server serving the next")
    void survivesClientThatVanishesMidMessage() throws Exception {
        Running running = serve("hi\n", false, 3);
        try (FriendsServer ignored = running.server()) {
            try (Socket vanishing = new Socket("127.0.0.1", running.port())) {
                send(vanishing.getOutputStream(), "{\"msg\": \"hel");
            }
            try (Socket resetting = new Socket("127.0.0.1", running.port())) {
                send(resetting.getOutputStream(), "{\"msg\": \"hel");
                resetting.setSoLinger(true, 0); // close() now sends RST instead of FIN
            }
            try (Socket good = new Socket("127.0.0.1", running.port())) {
                send(good.getOutputStream(), ALEX_HELLO);
                assertThat(receive(good)).isEqualTo("hi");
            }
            running.done().get(10, TimeUnit.SECONDS);
        }
        assertThat(running.screen().toString()).contains("Unexpected end-of-input");
    }

    @Test
    @DisplayName("§10.1 --friends: a JSON file replaces the notes' table; a bad one is refused with its reason")
    void loadsFriendsFromAFile(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("friends.json");
        Files.writeString(good, "[{\"id\": \"1\", \"name\": \"bob\", \"color\": \"32\"}]");
        FriendBook book = FriendBook.load(good);
        assertThat(book.find("1")).hasValue(new Friend("1", "bob", "32"));
        assertThat(book.find("12345")).isEmpty();

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"id\": \"1\", \"name\": \"bob\", \"color\": \"red\"}]");
        assertThatThrownBy(() -> FriendBook.load(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining("color of 1 is not an ANSI code such as 31: red");
        Path notJson = dir.resolve("not.json");
        Files.writeString(notJson, "alex,red");
        assertThatThrownBy(() -> FriendBook.load(notJson)).isInstanceOf(JsonParseException.class);
    }
}
