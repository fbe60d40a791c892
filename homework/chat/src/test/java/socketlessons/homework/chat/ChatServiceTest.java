package socketlessons.homework.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.auth.LoginThrottle;
import socketlessons.auth.PasswordHasher;
import socketlessons.auth.PasswordStore;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;
import socketlessons.homework.Messages;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 多人聊天: relay, offline messages, login")
class ChatServiceTest {

    @TempDir
    Path data;

    /**
     * PBKDF2 iterations of the password stores in this module's tests: one. No assertion here is
     * about what a hash costs (lesson06's tests are), and 1,000 cost 12 ms of CPU a hash under the
     * tests' C1 compiler, hundreds of times over.
     */
    static final int ITERATIONS = 1;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void closeAllAndStop() throws Exception {
        closeAll();
        threads.shutdownNow();
    }

    private void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private InetSocketAddress startServer() throws Exception {
        return serve(ChatService.open(data, ITERATIONS, log::add, false));
    }

    private InetSocketAddress serve(ChatService service) throws IOException {
        ThreadingTcpServer server = new ThreadingTcpServer(new InetSocketAddress("127.0.0.1", 0), () -> new ChatHandler(service),
                new TcpServer.Options(), log::add);
        open.add(server);
        threads.execute(server::serveForever);
        return server.address();
    }

    private Peer peer(InetSocketAddress server) throws IOException {
        Peer peer = new Peer(server);
        open.add(peer);
        return peer;
    }

    private Peer loggedIn(InetSocketAddress server, String user) throws IOException {
        Peer peer = peer(server);
        peer.register(user);
        assertThat(peer.login(user).path("type").asText()).isEqualTo("ok");
        return peer;
    }

    @Test
    @DisplayName("§10.2 relay: a message to an online user arrives at once, and 100 from one sender arrive in the order sent")
    void relaysToOnlineUserInOrder() throws Exception {
        InetSocketAddress server = startServer();
        Peer alice = loggedIn(server, "alice");
        Peer bob = loggedIn(server, "bob");

        for (int i = 1; i <= 100; i++) {
            alice.send("bob", "message " + i, i);
        }
        for (int i = 1; i <= 100; i++) {
            ObjectNode message = bob.next("message");
            assertThat(message.path("from").asText()).isEqualTo("alice");
            assertThat(message.path("text").asText()).isEqualTo("message " + i);
            bob.ack(message);
        }
        ObjectNode status = alice.next("status");
        assertThat(status.path("status").asText()).isEqualTo("delivered");
        assertThat(status.path("id").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("§10.2 offline: a message to a user who is not online is stored, delivered at the next login, and gone once acknowledged")
    void storesOfflineMessageUntilAcknowledged() throws Exception {
        InetSocketAddress server = startServer();
        Peer bobRegisters = peer(server);
        bobRegisters.register("bob");
        Peer alice = loggedIn(server, "alice");

        alice.send("bob", "你好 bob, you were away", 1);
        assertThat(alice.next("status").path("status").asText()).isEqualTo("stored");

        try (Peer bob = peer(server)) {
            assertThat(bob.login("bob").path("message").asText()).isEqualTo("welcome bob (1 messages waited for you)");
            ObjectNode message = bob.next("message");
            assertThat(message.path("text").asText()).isEqualTo("你好 bob, you were away");
            bob.ack(message);
            bob.frames.send(Messages.message("who"));
            bob.next("who"); // the ack was handled before this answer
        }
        try (Peer bobAgain = peer(server)) {
            assertThat(bobAgain.login("bob").path("message").asText()).isEqualTo("welcome bob (0 messages waited for you)");
        }
    }

    @Test
    @DisplayName("§10.2 a message delivered but not acknowledged comes again after a restart; the repeat has the same id")
    void redeliversUnacknowledgedMessageAfterRestart() throws Exception {
        InetSocketAddress first = startServer();
        Peer alice = loggedIn(first, "alice");
        Peer bob = loggedIn(first, "bob");
        alice.send("bob", "did you get this?", 1);
        long id = bob.next("message").path("id").asLong(); // shown, but the client died before its ack
        closeAll();
        open.clear();

        InetSocketAddress second = startServer();
        try (Peer bobAgain = peer(second)) {
            bobAgain.login("bob");
            ObjectNode repeat = bobAgain.next("message");
            assertThat(repeat.path("id").asLong()).isEqualTo(id);
            assertThat(repeat.path("text").asText()).isEqualTo("did you get this?");
        }
    }

    @Test
    @DisplayName("§10.2 writes to one connection from several threads never interleave two frames")
    void neverInterleavesFramesFromSeveralSenders() throws Exception {
        InetSocketAddress server = startServer();
        Peer bob = loggedIn(server, "bob");
        List<Peer> senders = new ArrayList<>();
        for (String name : new String[] {"s1", "s2", "s3", "s4"}) {
            senders.add(loggedIn(server, name));
        }
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        String longText = "x".repeat(3_000);
        for (Peer sender : senders) {
            sending.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        sender.send("bob", longText + i, i + 1);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        int[] perSender = new int[4];
        for (int n = 0; n < 200; n++) {
            ObjectNode message = bob.next("message"); // any interleaving would break a frame here
            int sender = message.path("from").asText().charAt(1) - '1';
            assertThat(message.path("text").asText()).isEqualTo(longText + perSender[sender]++);
        }
        CompletableFuture.allOf(sending.toArray(CompletableFuture<?>[]::new)).get(20, TimeUnit.SECONDS);
        assertThat(perSender).containsOnly(50);
    }

    @Test
    @DisplayName("§10.2 who is online, and notices when a friend comes online or goes offline")
    void answersWhoAndAnnouncesArrivals() throws Exception {
        InetSocketAddress server = startServer();
        Peer alice = loggedIn(server, "alice");
        Peer bob = loggedIn(server, "bob");
        assertThat(alice.next("notice").path("text").asText()).isEqualTo("bob is online");

        bob.frames.send(Messages.message("who"));
        assertThat(bob.next("who").path("online").toString()).isEqualTo("[\"alice\",\"bob\"]");

        bob.frames.send(Messages.message("quit"));
        assertThat(alice.next("notice").path("text").asText()).isEqualTo("bob is offline");
    }

    @Test
    @DisplayName("§10.2 bad input: not JSON, missing fields, unknown user, too long, twice logged in, not logged in: each answered clearly")
    void answersBadMessagesClearly() throws Exception {
        InetSocketAddress server = startServer();
        Peer stranger = peer(server);
        assertThat(stranger.ask(Messages.message("who")).path("message").asText()).isEqualTo("log in first");

        Peer alice = loggedIn(server, "alice");
        alice.frames.send(Messages.message("ping"));
        assertThat(alice.next("error").path("message").asText()).isEqualTo("unknown type: ping");
        new socketlessons.sticky.LengthPrefixCodec().writeFrame(alice.socket.getOutputStream(), "not json".getBytes());
        assertThat(alice.next("error").path("message").asText()).startsWith("not JSON: Unrecognized token 'not'");
        alice.frames.send(Messages.message("send").put("id", 1));
        assertThat(alice.next("error").path("message").asText()).isEqualTo("a message needs \"to\" and \"text\"");
        alice.send("nobody", "hello?", 2);
        assertThat(alice.next("error").path("message").asText()).isEqualTo("there is no user nobody");
        alice.send("alice", "y".repeat(ChatService.MAX_TEXT + 1), 3);
        assertThat(alice.next("error").path("message").asText()).isEqualTo("a message is at most 4096 characters");
        assertThat(alice.login("alice").path("message").asText()).isEqualTo("logged in already as alice");
        assertThat(alice.register("a".repeat(33)).path("message").asText()).isEqualTo("logged in already as alice");

        Peer other = peer(server);
        assertThat(other.register("b".repeat(33)).path("message").asText()).isEqualTo("a user name is 1 to 32 letters, digits, '_', '.' or '-'");
        assertThat(other.ask(Messages.message("login").put("user", "alice").put("password", "wrong")).path("message").asText())
                .isEqualTo("wrong user name or password");
    }

    @Test
    @DisplayName("§10.2 登陆 through lesson06's Authenticator: with 1.9 s of back-off left the chat says \"try again in 2 s\", word for word lesson06's answer")
    void logsInThroughLessonSixAuthenticator() throws Exception {
        HandClock clock = new HandClock();
        ChatService service = new ChatService(PasswordStore.open(data.resolve("users.txt"), new PasswordHasher(ITERATIONS)),
                new LoginThrottle(clock), MessageLog.open(data.resolve("messages.log"), false), clock, log::add);
        Peer alice = peer(serve(service));
        alice.register("alice");
        ObjectNode wrong = Messages.message("login").put("user", "alice").put("password", "wrong");
        for (int i = 0; i < 3; i++) {
            assertThat(alice.ask(wrong).path("message").asText()).isEqualTo("wrong user name or password");
        }
        clock.advance(Duration.ofSeconds(1)); // the 1 s after the third failure has passed
        assertThat(alice.ask(wrong).path("message").asText()).isEqualTo("wrong user name or password"); // now 2 s
        clock.advance(Duration.ofMillis(100));

        assertThat(alice.ask(wrong).path("message").asText()).isEqualTo("too many failed logins for alice: try again in 2 s");
        assertThat(alice.login("alice").path("message").asText()).as("the right password waits too")
                .isEqualTo("too many failed logins for alice: try again in 2 s");
        clock.advance(Duration.ofMillis(1_900));
        assertThat(alice.login("alice").path("message").asText()).isEqualTo("welcome alice (0 messages waited for you)");
    }

    /** A clock the test moves by hand: the throttle's waits pass without sleeping. */
    static final class HandClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    @DisplayName("§10.2 在另一台设备登录: a second login of a user takes over; the first connection is told why and closed, and messages go to the new one")
    void letsTheNewestLoginTakeOver() throws Exception {
        InetSocketAddress server = startServer();
        Peer first = loggedIn(server, "alice");
        Peer bob = loggedIn(server, "bob");

        Peer second = peer(server);
        assertThat(second.login("alice").path("message").asText()).isEqualTo("welcome alice (0 messages waited for you)");

        List<String> toFirst = new ArrayList<>();
        for (ObjectNode frame = first.frames.receive(); frame != null; frame = first.frames.receive()) { // null: the server closed it
            toFirst.add(frame.path("text").asText());
        }
        assertThat(toFirst).endsWith("logged in on another connection: this one is closed");
        bob.send("alice", "which one?", 1);
        assertThat(second.next("message").path("text").asText()).isEqualTo("which one?");
    }

    @Test
    @DisplayName("§10.2 faults: a client that vanishes mid-frame or sends a 2 GB length is closed alone; the others keep chatting")
    void closesBrokenClientsAndKeepsOthersChatting() throws Exception {
        InetSocketAddress server = startServer();
        Peer alice = loggedIn(server, "alice");
        Peer bob = loggedIn(server, "bob");

        Peer mallory = loggedIn(server, "mallory");
        mallory.socket.getOutputStream().write(new byte[] {0x7f, -1, -1, -1});
        assertThat(mallory.frames.receive()).as("closed by the server").isNull();
        try (Peer vanishing = loggedIn(server, "eve")) {
            vanishing.socket.getOutputStream().write(new byte[] {0, 0, 0, 50, '{'});
        }

        alice.send("bob", "still here?", 1);
        assertThat(bob.next("message").path("text").asText()).isEqualTo("still here?");
        // eve's server side notices her end of stream on its own thread: ask until it has
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            bob.frames.send(Messages.message("who"));
            assertThat(bob.next("who").path("online").toString()).isEqualTo("[\"alice\",\"bob\"]");
        });
    }

    @Test
    @DisplayName("§10.2 the message log survives a damaged last record: reported, skipped, the rest delivered")
    void survivesDamagedLastRecord() throws Exception {
        Path file = data.resolve("messages.log");
        try (MessageLog log = MessageLog.open(file, false)) {
            log.store("alice", "bob", "first", 1);
            log.store("alice", "bob", "second", 2);
        }
        Files.writeString(file, Files.readString(file) + "1a2b3c4d {\"id\": 3, \"from\": \"alice\", \"to\": \"b",
                java.nio.charset.StandardCharsets.UTF_8);

        try (MessageLog reopened = MessageLog.open(file, false)) {
            assertThat(reopened.problems()).singleElement().asString()
                    .matches("messages\\.log: record 4 at byte \\d+ is cut short \\(a crash while writing it\\); skipped");
            assertThat(reopened.pendingFor("bob")).extracting(m -> m.path("text").asText()).containsExactly("first", "second");
            assertThat(reopened.store("alice", "bob", "third", 3).path("id").asLong()).as("ids go on, never reused").isEqualTo(3);
        }
        try (MessageLog again = MessageLog.open(file, false)) {
            assertThat(again.problems()).as("rewritten clean").isEmpty();
            assertThat(again.pendingFor("bob")).hasSize(3);
        }
    }
}
