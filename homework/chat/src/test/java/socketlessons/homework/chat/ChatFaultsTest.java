package socketlessons.homework.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.homework.Messages;
import socketlessons.socketserver.TcpServer;
import socketlessons.socketserver.ThreadingTcpServer;

/** What strangers did to the chat (issue 20): each attack reproduced, then fixed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("§10.2 the chat under attack: a user who stops reading, a long who, escapes, broken text")
class ChatFaultsTest {

    @TempDir
    Path data;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ScheduledExecutorService drips = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws Exception {
        drips.shutdownNow();
        closeAll();
        threads.shutdownNow();
    }

    private void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    private ChatService service() throws Exception {
        ChatService service = ChatService.open(data, ChatServiceTest.ITERATIONS, log::add, false);
        open.add(service);
        return service;
    }

    private InetSocketAddress serve(ChatService service) throws IOException {
        return serve(service, new TcpServer.Options()).address();
    }

    private ThreadingTcpServer serve(ChatService service, TcpServer.Options options) throws IOException {
        ThreadingTcpServer server = new ThreadingTcpServer(new InetSocketAddress("127.0.0.1", 0), () -> new ChatHandler(service),
                options, log::add);
        open.add(server);
        threads.execute(server::serveForever);
        return server;
    }

    private Peer peer(InetSocketAddress server, int receiveBuffer) throws IOException {
        Peer peer = new Peer(server, receiveBuffer);
        open.add(peer);
        return peer;
    }

    private Peer loggedIn(InetSocketAddress server, String user, int receiveBuffer) throws IOException {
        Peer peer = peer(server, receiveBuffer);
        peer.register(user);
        assertThat(peer.login(user).path("type").asText()).isEqualTo("ok");
        return peer;
    }

    /** alice sends messages of 4,000 characters to everyone, each time reading her status, until {@code enough} or an error. */
    private CompletableFuture<Integer> broadcastUntil(Peer alice, AtomicBoolean enough) {
        String text = "b".repeat(4_000);
        return CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            try {
                while (!enough.get() && sent < 20_000) {
                    alice.send("*", text, ++sent);
                    alice.next("status");
                }
                return sent;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    /** Reads alice's frames up to the notice {@code text} ("bob is online" may come first, before or after a status). */
    private static void awaitNotice(Peer peer, String text) throws IOException {
        while (!peer.next("notice").path("text").asText().equals(text)) {
            // an earlier notice
        }
    }

    private static String handlerOf(Peer peer) {
        // lesson07 names the thread "socketserver ADDRESS handler CLIENT"; the server's address too, as other
        // classes' servers run in this JVM at the same time, and a client port may be in use towards each
        return "socketserver 127.0.0.1:" + peer.socket.getPort() + " handler 127.0.0.1:" + peer.socket.getLocalPort();
    }

    // ---- item 8: one user who stops reading

    @Test
    @DisplayName("§10.2 a user who stops reading: with writes under the connection's lock, a login's \"is online\" notice waits behind a write to him that never ends")
    void reproducesOneUserWhoDoesNotReadFreezingTheOthers() throws Exception {
        ChatService service = service().outboxes((socket, messages, address) -> new StallingOutbox(socket, messages, address, log::add));
        InetSocketAddress server = serve(service);
        Peer alice = loggedIn(server, "alice", 0);
        Peer bob = loggedIn(server, "bob", 4096); // and never reads again
        broadcastUntil(alice, new AtomicBoolean());

        // Each login tells bob. While the buffers to bob still take bytes, a login's notice gets
        // through and its handler goes back to reading; once they are full, alice's handler
        // blocks in its write to bob, holding his lock, and the next login waits for it for good.
        for (int i = 0; ; i++) {
            Peer late = loggedIn(server, "late" + i, 0);
            String state = await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(handlerOf(late)), s -> !s.equals("busy"));
            if (state.equals("blocked") && blockedForGood(late, alice)) {
                assertThat(Arrays.stream(thread(handlerOf(alice)).getStackTrace()).map(StackTraceElement::getMethodName))
                        .as("alice's handler is inside a socket write").anyMatch(m -> m.toLowerCase().contains("write"));
                break;
            }
            assertThat(i).as("logins that got through before the writes to bob blocked").isLessThan(200);
        }
        bob.close(); // only this ends it: the blocked write fails, the lock is free
    }

    /**
     * A login's handler waiting for bob's lock, held by alice's handler, all the while (half a
     * second: a write that the kernel can take ends in microseconds). False for a wait that
     * ended: that write went through, the buffers were not full yet.
     */
    private static boolean blockedForGood(Peer late, Peer alice) {
        try {
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> {
                ThreadInfo waiting = findThread(handlerOf(late)).orElse(null);
                return waiting != null && "blocked".equals(stateOf(handlerOf(late))) && waiting.getLockOwnerName() != null
                        && waiting.getLockOwnerName().endsWith(handlerOf(alice));
            });
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException ended) {
            return false;
        }
    }

    /** "blocked" on the lock of a connection (its session's or its StallingOutbox's), "reading" (or waiting for) its client's next request, "gone", or "busy" with something else. */
    private static String stateOf(String handler) {
        java.util.Optional<ThreadInfo> found = findThread(handler);
        if (found.isEmpty()) {
            // Cut off while it logged in: more than 1 MiB of alice's broadcasts arrived while its
            // waiting messages were sent (a thread of its own that the machine's load kept waiting).
            return "gone";
        }
        ThreadInfo info = found.get();
        if (info.getThreadState() == Thread.State.BLOCKED && info.getLockInfo() != null
                && info.getLockInfo().getClassName().matches(".*(StallingOutbox|ChatService\\$Session)")) { // bob's connection
            return "blocked";
        }
        StackTraceElement[] stack = info.getStackTrace();
        boolean inRead = Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith(".Messages")
                && (f.getMethodName().equals("awaitMessage") || f.getMethodName().equals("read"))); // waiting for a frame, or reading one
        boolean inLogin = Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("login") || f.getMethodName().equals("notice"));
        return inRead && !inLogin ? "reading" : "busy";
    }

    private static ThreadInfo thread(String nameEnd) {
        return findThread(nameEnd).orElseThrow();
    }

    private static java.util.Optional<ThreadInfo> findThread(String nameEnd) {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                .filter(t -> t.getThreadName().endsWith(nameEnd)).findFirst();
    }

    @Test
    @DisplayName("§10.2 fix: each connection's frames wait in its own queue, written by its own thread; a user more than 1 MiB behind is cut off, and nobody else waits")
    void fixesStalledReaderByQueueAndCutOff() throws Exception {
        InetSocketAddress server = serve(service());
        Peer alice = loggedIn(server, "alice", 0);
        Peer bob = loggedIn(server, "bob", 4096); // and never reads again
        AtomicBoolean bobCutOff = new AtomicBoolean();
        CompletableFuture<Integer> sending = broadcastUntil(alice, bobCutOff);

        try (Peer carol = loggedIn(server, "carol", 0)) { // logs in and is answered while alice writes to bob
            carol.frames.send(Messages.message("who"));
            assertThat(carol.next("who").path("online").toString()).contains("\"carol\"");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> log.stream().anyMatch(line -> line.contains("(bob): cut off: more than 1024 KiB waited for it (it does not read)")));
        bobCutOff.set(true);
        assertThat(sending.get(30, TimeUnit.SECONDS)).as("alice's sends all got their status").isPositive();
        Peer dave = loggedIn(server, "dave", 0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> { // bob's handler logs him out once it sees his socket closed
            dave.frames.send(Messages.message("who"));
            assertThat(dave.next("who").path("online").toString()).contains("\"alice\"", "\"dave\"").doesNotContain("bob");
        });
    }

    @Test
    @DisplayName("§10.2 fix: a user who stops reading with little sent to it is cut off at the write deadline (lesson01's Deadlines), freeing its writer thread")
    void fixesStalledReaderByWriteDeadline() throws Exception {
        // the queue alone would take 256 MiB; 200 ms, not chat-server's 30 s: alice's broadcasts keep the CPU busy until bob is cut off
        InetSocketAddress server = serve(service().limits(256L << 20, Duration.ofMillis(200)));
        Peer alice = loggedIn(server, "alice", 0);
        loggedIn(server, "bob", 4096); // and never reads again
        AtomicBoolean bobCutOff = new AtomicBoolean();
        CompletableFuture<Integer> sending = broadcastUntil(alice, bobCutOff);

        await().atMost(Duration.ofSeconds(30)).until(() -> log.stream().anyMatch(line -> line.contains("(bob): cut off: a write waited 200 ms (it does not read)")));
        bobCutOff.set(true);
        assertThat(sending.get(30, TimeUnit.SECONDS)).isPositive();
    }

    // ---- item 2: a frame dripped one byte at a time

    /** lesson07's read timeout in these tests: the longest silence allowed between two reads. */
    private static final Duration SILENCE = Duration.ofSeconds(2);
    /** The frame deadline of the fixed server (30 s in chat-server), short so that the test is quick. */
    private static final Duration FRAME_LIMIT = Duration.ofMillis(300);
    /** One byte of the drip every this many ms: each gap far below SILENCE. */
    private static final long DRIP_MILLIS = 20;

    /** A frame being sent one byte at a time; {@code firstByte} is when its first byte went out (System.nanoTime). */
    private record Drip(AtomicLong firstByte, CompletableFuture<Long> sentWhole) {
    }

    /**
     * After {@code idle}, sends a register frame of 140 bytes one byte every {@link #DRIP_MILLIS}
     * ms: from its first byte to its last at least 139 gaps, 2.78 s, longer than {@link #SILENCE}
     * although no gap comes near it.
     */
    private Drip drip(Peer peer, Duration idle) throws IOException {
        peer.socket.setTcpNoDelay(true); // each byte leaves in a segment of its own
        ObjectNode register = Messages.message("register").put("user", "mallory").put("password", "mallory-password");
        String json = register.toString();
        byte[] body = (json.substring(0, json.length() - 1) + " ".repeat(136 - json.length()) + "}").getBytes(StandardCharsets.UTF_8);
        byte[] frame = java.nio.ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
        Drip drip = new Drip(new AtomicLong(), new CompletableFuture<>());
        AtomicInteger next = new AtomicInteger();
        java.io.OutputStream out = peer.socket.getOutputStream();
        drips.scheduleWithFixedDelay(() -> {
            int i = next.getAndIncrement();
            if (i == 0) {
                drip.firstByte().set(System.nanoTime());
            }
            try {
                out.write(frame[i]);
            } catch (IOException e) {
                drip.sentWhole().completeExceptionally(e);
                throw new java.util.concurrent.CancellationException("the server hung up"); // no more runs
            }
            if (i == frame.length - 1) {
                drip.sentWhole().complete(System.nanoTime());
                throw new java.util.concurrent.CancellationException("sent whole"); // no more runs
            }
        }, idle.toMillis(), DRIP_MILLIS, TimeUnit.MILLISECONDS);
        return drip;
    }

    @Test
    @DisplayName("§10.2 a drip: a stranger sends one frame a byte every 20 ms; the read timeout (2 s here) counts silence per read, never trips, and the frame is taken after 2.78 s")
    void reproducesDripHoldingItsConnectionPastTheReadTimeout() throws Exception {
        ChatService service = service().frameLimit(Duration.ZERO); // the server as it was: no deadline per frame
        ThreadingTcpServer server = serve(service, new TcpServer.Options().timeout(SILENCE));
        Peer mallory = peer(server.address(), 0);

        Drip drip = drip(mallory, Duration.ZERO);
        ObjectNode answer = mallory.frames.receive();
        long answeredAt = System.nanoTime();

        assertThat(answer.path("type").asText()).as("registered, however slowly the frame came").isEqualTo("ok");
        assertThat(Duration.ofNanos(answeredAt - drip.firstByte().get())).as("from the first byte to the answer")
                .isGreaterThan(SILENCE);
        assertThat(log).noneMatch(line -> line.contains("cut off") || line.contains("silent"));
    }

    @Test
    @DisplayName("§10.2 fix: a frame must arrive whole within a deadline from its first byte (30 s; 300 ms here): the drip is cut off with one log line, and silence between frames is still allowed")
    void fixesDripWithADeadlinePerFrame() throws Exception {
        ChatService service = service().frameLimit(FRAME_LIMIT);
        ThreadingTcpServer server = serve(service, new TcpServer.Options().timeout(SILENCE));
        Peer mallory = peer(server.address(), 0);
        mallory.frames.send(Messages.message("who"));
        assertThat(mallory.frames.receive().path("message").asText()).isEqualTo("log in first");

        Drip drip = drip(mallory, FRAME_LIMIT.multipliedBy(2)); // silent twice the frame deadline first: no frame has begun
        ObjectNode after;
        try {
            after = mallory.frames.receive();
        } catch (java.net.SocketException reset) {
            after = null; // a byte came after the server's last read: its close sent a reset
        }
        long cutAt = System.nanoTime();

        assertThat(after).as("the server hung up, no answer").isNull();
        assertThat(drip.sentWhole()).as("the frame was not sent whole").isNotCompleted();
        assertThat(Duration.ofNanos(cutAt - drip.firstByte().get())).as("cut off at the deadline from the first byte, not before")
                .isGreaterThanOrEqualTo(FRAME_LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.handlerThreads() == 0);
        assertThat(log).filteredOn(line -> line.contains("cut off")).singleElement().asString()
                .matches("127\\.0\\.0\\.1:\\d+: cut off: no whole frame within 300 ms of its first byte \\(it sends too slowly\\)");
    }

    // ---- the same id twice on one connection

    /** An outbox that keeps what it is given, in order. */
    private static final class Recording implements Outbox {
        final List<String> sent = new ArrayList<>();

        @Override
        public boolean offer(byte[] json) {
            sent.add(new String(json, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void put(byte[] json) {
            offer(json);
        }

        @Override
        public void loggedInAs(String user) {
        }

        @Override
        public void cutOff(String reason) {
        }

        @Override
        public void finish() {
        }

        @Override
        public void awaitFinished(Duration limit) {
        }
    }

    @Test
    @DisplayName("§10.2 a message stored while its receiver logs in is in the login's replay and relayed live too: sent once, after the replay")
    void sendsAMessageStoredDuringLoginOnce() {
        Recording outbox = new Recording();
        ChatService.Session bob = new ChatService.Session("bob", outbox, ChatService.MAX_WAITING);
        byte[] seven = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);
        byte[] notice = "{\"notice\":\"carol is online\"}".getBytes(StandardCharsets.UTF_8);

        // The order that raced: 7 stored, then bob's login read the pending messages (7 among
        // them), then the sender found bob online and relayed 7 while the replay was going out.
        bob.deliver(7, seven);
        bob.deliver(0, notice);
        outbox.put("{\"replay\":7}".getBytes(StandardCharsets.UTF_8));
        bob.goLive(Set.of(7L));
        bob.deliver(7, seven); // a relay that comes after the replay

        assertThat(outbox.sent).containsExactly("{\"replay\":7}", "{\"notice\":\"carol is online\"}");
    }

    // ---- item 11: who with many users

    @Test
    @DisplayName("§10.2 who with 1,900 users of 32-character names: one answer is 66 KB, above the 64 KiB frame, and the asker was cut off")
    void reproducesWhoAboveTheFrameLimit() throws Exception {
        ObjectNode whole = Messages.message("who");
        names(1_900).forEach(whole.putArray("online")::add);

        assertThatThrownBy(() -> new Messages(java.io.InputStream.nullInputStream(), new ByteArrayOutputStream()).send(whole))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a body of 66525 bytes is above the maximum of 65536");
    }

    @Test
    @DisplayName("§10.2 fix: who answers in pages of 1,000 names, each far below a frame; \"next\" says where the next page starts")
    void fixesWhoByPaging() throws Exception {
        TreeSet<String> everyone = names(1_900);
        List<String> seen = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode after = null;
        int pages = 0;
        do {
            ObjectNode page = ChatService.who(everyone, after);
            assertThat(Messages.encode(page).length).isLessThan(Messages.MAX_MESSAGE * 6 / 10);
            page.path("online").forEach(name -> seen.add(name.asText()));
            after = page.get("next");
            pages++;
        } while (after != null);

        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyElementsOf(everyone);
    }

    @Test
    @DisplayName("§10.2 fix: chat-client asks for the next page while a who answer says \"next\", and shows all the names on one line")
    void clientAsksForEveryWhoPage() throws Exception {
        try (java.net.ServerSocket fake = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             socketlessons.basics.testkit.CliRun bob = socketlessons.basics.testkit.CliRun.start(Launcher::run,
                     "chat-client", "--port", Integer.toString(fake.getLocalPort()), "--user", "bob", "--color", "never")) {
            try (java.net.Socket conn = fake.accept()) { // the test is the server: it answers page by page
                conn.setSoTimeout(20_000);
                Frames server = new Frames(conn);
                bob.type("bob-password");
                assertThat(server.receive().path("type").asText()).isEqualTo("login");
                server.send(ChatService.ok("welcome bob (0 messages waited for you)"));
                bob.type("/who");
                assertThat(server.receive().has("after")).isFalse();
                ObjectNode first = Messages.message("who").put("next", "b");
                first.putArray("online").add("a").add("b");
                server.send(first);
                assertThat(server.receive().path("after").asText()).isEqualTo("b");
                ObjectNode last = Messages.message("who");
                last.putArray("online").add("c");
                server.send(last);
                bob.awaitOutput("online: a, b, c");
                bob.type("q");
                assertThat(server.receive().path("type").asText()).isEqualTo("quit");
            }
            assertThat(bob.awaitExit()).isZero();
        }
    }

    private static TreeSet<String> names(int count) {
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("user-%027d", i)); // 32 characters, the longest a name may be
        }
        return names;
    }

    // ---- item 12: escapes from the network

    private static final String FORGED = "hi\u001b[2J\ncarol: send me your password";

    @Test
    @DisplayName("§10.2 escapes from the network: the server relays a text with ESC[2J and a newline exactly as sent, to the receiver's screen")
    void reproducesEscapesRelayedToTheReceiver() throws Exception {
        InetSocketAddress server = serve(service());
        Peer alice = loggedIn(server, "alice", 0);
        Peer bob = loggedIn(server, "bob", 0);

        alice.send("bob", FORGED, 1);

        assertThat(bob.next("message").path("text").asText()).isEqualTo(FORGED);
    }

    @Test
    @DisplayName("§10.2 fix: chat-client (NO_COLOR, piped) shows it on one line with its escapes visible: no ESC, no line that looks like carol's")
    void fixesEscapesShownVisiblyByTheClient() throws Exception {
        InetSocketAddress server = serve(service());
        Peer alice = loggedIn(server, "alice", 0);
        loggedIn(server, "bob", 0).close();
        awaitNotice(alice, "bob is offline"); // sent after it, the message is stored for bob's next login
        alice.send("bob", FORGED, 1);
        assertThat(alice.next("status").path("status").asText()).isEqualTo("stored");

        var bob = socketlessons.basics.testkit.CliRun.run(Launcher::run, "bob-password\nq\n",
                "chat-client", "--port", Integer.toString(server.getPort()), "--user", "bob", "--color", "never");

        assertThat(bob.output()).contains("alice: \"hi\\u001b[2J\\ncarol: send me your password\"").doesNotContain("\u001b");
        assertThat(bob.output().lines()).noneMatch(line -> line.startsWith("carol"));
    }

    // ---- item 13: lone surrogates

    @Test
    @DisplayName("§10.2 a lone surrogate: the log wrote record.toString() as UTF-8, where \"x\\ud800y\" becomes \"x?y\" (so it changed at a restart)")
    void reproducesLoneSurrogateLostInUtf8Text() {
        ObjectNode record = Messages.message("message").put("text", "x\ud800y");
        String written = new String(record.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        assertThat(written).contains("\"x?y\"");
    }

    @Test
    @DisplayName("§10.2 fix: text is kept as sent, live and after a restart (Jackson's bytes escape it: \\ud800); a password with one is refused (lesson06)")
    void fixesLoneSurrogateKeptAcrossRestart() throws Exception {
        String text = "x\ud800y \udc00 你好 👍";
        ChatService first = service();
        InetSocketAddress server = serve(first);
        Peer alice = loggedIn(server, "alice", 0);
        Peer bob = loggedIn(server, "bob", 0);
        alice.send("bob", text, 1);
        assertThat(bob.next("message").path("text").asText()).as("live").isEqualTo(text);
        alice.next("status");
        bob.close();
        awaitNotice(alice, "bob is offline");
        alice.send("bob", text, 2);
        assertThat(alice.next("status").path("status").asText()).isEqualTo("stored");
        closeAll();

        InetSocketAddress restarted = serve(service());
        try (Peer bobAgain = new Peer(restarted)) {
            bobAgain.login("bob");
            List<String> texts = List.of(bobAgain.next("message").path("text").asText(), bobAgain.next("message").path("text").asText());
            assertThat(texts).as("after a restart").containsOnly(text);
            assertThat(peer(restarted, 0).ask(Messages.message("register").put("user", "mallory").put("password", "\udc00\udc00\ud800x"))
                    .path("message").asText()).contains("lone surrogate");
        }
    }

    // ---- item 9: guesses at the same moment

    @Test
    @DisplayName("§10.2 登陆 throttle: 20 wrong guesses for one user at the same moment: 3 are checked, 17 refused (lesson06 takes the turn before the slow hash)")
    void throttlesGuessesSentAtTheSameMoment() throws Exception {
        ChatServiceTest.HandClock clock = new ChatServiceTest.HandClock(); // time stands still: the 1 s back-off cannot pass mid-test
        ChatService service = new ChatService(socketlessons.auth.PasswordStore.open(data.resolve("users.txt"), new socketlessons.auth.PasswordHasher(ChatServiceTest.ITERATIONS)),
                new socketlessons.auth.LoginThrottle(clock), MessageLog.open(data.resolve("messages.log"), false), clock, log::add);
        open.add(service);
        InetSocketAddress server = serve(service);
        peer(server, 0).register("alice");
        List<Peer> guessers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guessers.add(peer(server, 0));
        }
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(20);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (Peer guesser : guessers) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                    return guesser.ask(Messages.message("login").put("user", "alice").put("password", "guess")).path("message").asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        List<String> said = new ArrayList<>();
        for (CompletableFuture<String> answer : answers) {
            said.add(answer.get(30, TimeUnit.SECONDS));
        }

        assertThat(said).filteredOn("wrong user name or password"::equals).hasSize(3);
        assertThat(said).filteredOn("too many failed logins for alice: try again in 1 s"::equals).hasSize(17);
    }
}
