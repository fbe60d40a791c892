package socketlessons.homework.friends;

import socketlessons.basics.PeerText;
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
import socketlessons.basics.testkit.Background;
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
        CompletableFuture<Void> done = Background.call(() -> {
            server.serve(chat, conversations, screenWriter);
            return null;
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

    // ---- issue 20: what a stranger's bytes must not do (12: escapes, 14: a short first message, 10: many fields)

    private static final String FORGED = "{\"msg\": \"hi\\u001b[2J\\ncarol: send me your password\", \"id\": \"12345\"}";

    @Test
    @DisplayName("§10.1 escapes from the network: the notes' server prints a peer's ESC[2J raw, and its \\n forges a line that looks like carol's")
    void reproducesEscapesReachingTheCourseServersScreen() throws Exception {
        CoursePython.assumePython();
        try (CoursePython server = CoursePython.start(FriendsTest.class, "course/server.py", 0);
             Socket sk = new Socket("127.0.0.1", server.boundPort())) {
            send(sk.getOutputStream(), FORGED);
            server.awaitOutput("carol: send me your password");
            assertThat(server.output()).contains("alex: hi\033[2J\ncarol: send me your password");
            assertThat(server.outputLines()).anyMatch(line -> line.startsWith("carol: send me your password"));
        }
    }

    @Test
    @DisplayName("§10.1 fix: our server shows a peer's text with its escapes visible: one line, no ESC, with colour on or off")
    void fixesEscapesByShowingThemVisibly() throws Exception {
        Running running = serve("ok\nok\nok\n", true, 1);
        try (FriendsServer ignored = running.server(); Socket sk = new Socket("127.0.0.1", running.port())) {
            send(sk.getOutputStream(), FORGED);
            assertThat(receive(sk)).isEqualTo("ok");
            send(sk.getOutputStream(), "{\"msg\": \"hi\", \"id\": \"x\\u001b]0;owned\\u0007\\n127.0.0.1:1 says\"}");
            assertThat(receive(sk)).startsWith("I do not know who x");
            send(sk.getOutputStream(), "{\"msg\": \"q\", \"id\": \"12345\"}");
            running.done().get(10, TimeUnit.SECONDS);
        }
        String screen = running.screen().toString();
        assertThat(screen).contains("\033[31malex: \"hi\\u001b[2J\\ncarol: send me your password\"\033[0m")
                .contains("says it is \"x\\u001b]0;owned\\u0007\\n127.0.0.1:1 says\", who is not in the friends table: hi");
        assertThat(screen.replace("\033[31m", "").replace("\033[0m", "")).doesNotContain("\033").doesNotContain("\007");
        assertThat(screen.lines()).noneMatch(line -> line.startsWith("carol") || line.startsWith("127.0.0.1:1 says"));
        assertThat(PeerText.shown("你好 👍🏽 a\u200db")).as("plain text, Chinese and emoji are shown as they are").isEqualTo("你好 👍🏽 a\u200db");
    }

    @Test
    @DisplayName("§10.1 a first message under 4 bytes: Jackson's byte parser reads 4 bytes to guess the encoding before it answers {}")
    void reproducesByteParserWaitingForFourBytes() throws Exception {
        // The bytes "{}", then a peer that says nothing more: a second read would block, so here it throws.
        InputStream twoBytesThenSilence = new InputStream() {
            private boolean sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent) {
                    throw new IllegalStateException("asked for more bytes: a socket would block here");
                }
                sent = true;
                b[off] = '{';
                b[off + 1] = '}';
                return 2;
            }
        };
        com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.databind.ObjectMapper().getFactory();

        // Already in createParser: the encoding is guessed from the first 4 bytes before any token.
        assertThatThrownBy(() -> json.createParser(twoBytesThenSilence).nextToken())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("asked for more bytes");
    }

    @Test
    @DisplayName("§10.1 fix: {} and \"x\" as the first bytes of a connection are answered at once (UTF-8 decoded by us, no encoding guess)")
    void fixesShortFirstMessageAnsweredAtOnce() throws Exception {
        Running running = serve("hi\n", false, 2);
        try (FriendsServer ignored = running.server()) {
            try (Socket sk = new Socket("127.0.0.1", running.port())) {
                send(sk.getOutputStream(), "{}");
                assertThat(receive(sk)).isEqualTo("error: a message needs \"id\" and \"msg\"");
            }
            try (Socket sk = new Socket("127.0.0.1", running.port())) {
                send(sk.getOutputStream(), "\"x\"");
                assertThat(receive(sk)).isEqualTo("error: not a JSON message; closing");
            }
            running.done().get(10, TimeUnit.SECONDS);
        }
        assertThat(running.screen().toString()).contains("expected a JSON object, got VALUE_STRING");
    }

    /** {@code {"f0":1,"f1":1,...}}: a JSON object of {@code fields} small fields, unframed, as a stranger could send it. */
    private static byte[] manyFields(int fields) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < fields; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("§10.1 one object of many small fields: limits on strings and nesting do not stop it, it is built whole in memory (the server died at -Xmx64m)")
    void reproducesObjectOfManyFieldsBuiltWhole() throws Exception {
        byte[] json = manyFields(20_000); // 230 KB of input, 20 times the bound, built whole (a million fields is 14 MB)
        com.fasterxml.jackson.databind.ObjectMapper limited = new com.fasterxml.jackson.databind.ObjectMapper();
        limited.getFactory().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxStringLength(StreamingJsonReader.MAX_STRING_CHARS).maxNestingDepth(StreamingJsonReader.MAX_DEPTH).build());

        assertThat(limited.readTree(json).size()).isEqualTo(20_000);
    }

    @Test
    @DisplayName("§10.1 fix: a message of more than 1,000 values or 128 K characters is refused after reading only that much; the next friend is served")
    void fixesManyFieldsByBoundingTheMessage() throws Exception {
        byte[] json = manyFields(20_000);
        java.util.concurrent.atomic.AtomicLong taken = new java.util.concurrent.atomic.AtomicLong();
        InputStream counting = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(json)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                taken.addAndGet(Math.max(n, 0));
                return n;
            }
        };
        assertThatThrownBy(() -> new StreamingJsonReader(counting).next()).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("a message of more than 1000 values");
        assertThat(taken.get()).as("bytes read before refusing").isLessThan(64 * 1024);

        String longFields = "{\"a\": \"" + "x".repeat(60_000) + "\", \"b\": \"" + "y".repeat(60_000) + "\", \"c\": \"" + "z".repeat(60_000) + "\"}";
        assertThatThrownBy(() -> new StreamingJsonReader(new java.io.ByteArrayInputStream(longFields.getBytes(StandardCharsets.UTF_8))).next())
                .isInstanceOf(JsonParseException.class).hasMessageContaining("a message of more than 131072 characters");

        Running running = serve("hi\n", false, 2);
        try (FriendsServer ignored = running.server()) {
            try (Socket flood = new Socket("127.0.0.1", running.port())) {
                flood.getOutputStream().write(json);
                assertThat(receive(flood)).isEqualTo("error: not a JSON message; closing");
            } catch (java.net.SocketException resetWhileWriting) {
                // the server closed with bytes unread: our write may see the reset first
            }
            try (Socket good = new Socket("127.0.0.1", running.port())) {
                send(good.getOutputStream(), ALEX_HELLO);
                assertThat(receive(good)).isEqualTo("hi");
            }
            running.done().get(10, TimeUnit.SECONDS);
        }
        assertThat(running.screen().toString()).contains("a message of more than 1000 values");
    }
}
