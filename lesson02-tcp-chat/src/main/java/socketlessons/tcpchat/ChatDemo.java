package socketlessons.tcpchat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import socketlessons.basics.cli.Cli;

/**
 * §4.3 narrated: the server talks to client A; client B connects meanwhile and is not
 * answered until A says q. The server runs on a thread of its own, as in a terminal of its
 * own; the demo types for it and plays A and B. Only the demo's thread prints, and it waits
 * for each step to show on the server's screen before the next, so the story comes out in the
 * same order every run.
 */
public final class ChatDemo {

    /** How long B listens for an answer that cannot come, to show that it does not. */
    static final int B_LISTENS_MILLIS = 500;

    private final PrintWriter out;

    public ChatDemo(PrintWriter out) {
        this.out = out;
    }

    public void run(String host, int port) throws Exception {
        PipedWriter serverKeyboard = new PipedWriter();
        BufferedReader keyboardLines = new BufferedReader(new PipedReader(serverKeyboard));
        ScreenLines serverScreen = new ScreenLines();
        PrintWriter screen = new PrintWriter(serverScreen, true);
        ChatSession serverSide = new ChatSession(keyboardLines, screen);

        try (ChatServer server = new ChatServer(host, port, ChatServer.Timeouts.NONE, Wire.Format.LINES)) {
            InetSocketAddress address = server.address();
            say("server", "listening on " + address.getAddress().getHostAddress() + ":" + address.getPort());
            CompletableFuture<Void> serving = serveOnItsOwnThread(server, serverSide, screen);

            try (Socket a = new Socket(); Socket b = new Socket()) {
                a.connect(address, ChatClient.CONNECT_TIMEOUT_MILLIS);
                Wire aWire = new LineWire(a);
                aWire.send("hi, I am A");
                say("A", "connects and says: hi, I am A");
                serverScreen.await("hi, I am A");
                say("server", "accept() took A; shows: hi, I am A; now waits for its own keyboard");

                b.connect(address, ChatClient.CONNECT_TIMEOUT_MILLIS);
                Wire bWire = new LineWire(b);
                bWire.send("anyone there?");
                say("B", "connect() returned at once: the kernel finished the handshake and queued B in the backlog");
                say("B", "says: anyone there?  (the bytes wait in the server's kernel; nobody reads them)");
                say("server", "has accepted " + server.accepted() + " connection (A's); its one thread is busy with A");
                b.setSoTimeout(B_LISTENS_MILLIS);
                try {
                    b.getInputStream().read();
                    throw new IllegalStateException("B was answered while the server talked to A");
                } catch (SocketTimeoutException expected) {
                    say("B", "listens for " + B_LISTENS_MILLIS + " ms: no answer");
                }
                b.setSoTimeout(0);

                type(serverKeyboard, "hello A");
                say("server", "you type: hello A");
                say("A", "hears: " + aWire.receive());
                aWire.send("q");
                say("A", "says q and leaves");

                serverScreen.await("anyone there?");
                say("server", "A's conversation is over; accept() takes B from the backlog and shows: anyone there?");
                type(serverKeyboard, "hello B, sorry for the wait");
                say("server", "you type: hello B, sorry for the wait");
                say("B", "hears: " + bWire.receive());
                bWire.send("q");
                say("B", "says q and leaves");
            }
            serving.get(10, TimeUnit.SECONDS);
        }
        out.println("one client at a time: lesson05 (a selector) and lesson07 (a thread per client) serve both at once");
    }

    /** Run from an IDE: the same as {@code java -jar lesson02-tcp-chat.jar demo}. */
    public static void main(String[] args) {
        Launcher.main(commandLine(args));
    }

    /** The launcher's command line that {@link #main} runs: tests run it in the test JVM, as {@code main} ends with System.exit. */
    static String[] commandLine(String... args) {
        return Cli.prepend("demo", args);
    }

    private static CompletableFuture<Void> serveOnItsOwnThread(ChatServer server, ChatSession session, PrintWriter screen) {
        CompletableFuture<Void> serving = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                server.serve(session, 2, screen);
                serving.complete(null);
            } catch (Throwable e) {
                serving.completeExceptionally(e);
            }
        }, "chat-server");
        thread.setDaemon(true);
        thread.start();
        return serving;
    }

    private static void type(PipedWriter keyboard, String line) throws IOException {
        keyboard.write(line + "\n");
        keyboard.flush(); // wakes the reader at once
    }

    private void say(String who, String what) {
        out.printf("[%s] %s%n", who, what);
    }

    /** The server's screen: each finished line goes into a queue the demo waits on. */
    private static final class ScreenLines extends Writer {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder current = new StringBuilder();

        @Override
        public synchronized void write(char[] chars, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (chars[i] == '\n') {
                    lines.add(current.toString());
                    current.setLength(0);
                } else if (chars[i] != '\r') {
                    current.append(chars[i]);
                }
            }
        }

        /** Waits until the server shows a line containing {@code text}. */
        void await(String text) throws InterruptedException {
            while (true) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                if (line == null) {
                    throw new IllegalStateException("the server did not show \"" + text + "\" within 10 s");
                }
                if (line.contains(text)) {
                    return;
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
