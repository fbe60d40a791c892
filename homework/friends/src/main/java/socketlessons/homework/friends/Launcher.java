package socketlessons.homework.friends;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;

/**
 * {@code java -jar homework/friends/target/homework-friends.jar <command>}: the §10.1 homework.
 * It only parses options and calls the classes that do the socket work.
 */
@Command(name = "homework-friends", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "§10.1 friends in colour: the notes' unframed JSON client, and a server that knows its friends.",
        subcommands = {Launcher.Server.class, Launcher.Client.class, Launcher.Demo.class})
public final class Launcher {

    final Console console;

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

    @Command(name = "friends-server", mixinStandardHelpOptions = true,
            description = "§10.1 server: shows each friend's messages in their colour, answers from this console.")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Option(names = "--friends", description = "JSON file of friends: [{\"id\": \"12345\", \"name\": \"alex\", \"color\": \"31\"}, ...] (default: the notes' alex and sia)")
        Path friendsFile;

        @Option(names = "--color", defaultValue = "auto",
                description = "${COMPLETION-CANDIDATES} (any case): auto paints unless NO_COLOR is set or output is not a terminal (default: ${DEFAULT-VALUE})")
        Colors color;

        @Option(names = "--conversations", defaultValue = "0", description = "stop after this many friends (default: 0, never)")
        int conversations;

        @Override
        public Integer call() throws Exception {
            FriendBook book = friendsFile == null ? FriendBook.course() : FriendBook.load(friendsFile);
            boolean colorOn = color.enabled(System.getenv("NO_COLOR"), launcher.console.outIsTerminal());
            Console console = launcher.console;
            try (FriendsServer server = new FriendsServer(endpoint.host, endpoint.port)) {
                InetSocketAddress address = server.address();
                console.out.println("listening on " + Endpoint.format(address));
                console.out.println("*".repeat(20));
                server.serve(new FriendsChat(book, colorOn, console.in, console.out), conversations, console.out);
            }
            return 0;
        }
    }

    @Command(name = "friends-client", mixinStandardHelpOptions = true,
            description = "§10.1 client: sends each line as {\"msg\": ..., \"id\": ...}; q quits.")
    static final class Client implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Option(names = "--id", defaultValue = "12345", description = "your number in the server's friends table (default: ${DEFAULT-VALUE}, alex)")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Socket sk = new Socket()) {
                sk.connect(endpoint.address(), 5_000);
                new FriendsClient(id, launcher.console.in, launcher.console.out).talk(sk.getInputStream(), sk.getOutputStream());
            }
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "§10.1 narrated: a friend, a stranger, and two messages glued in one read.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = launcher.console.out;
            // The server's console is scripted: the demo types each answer only after the
            // client has read the one before, so the narration comes out the same every run.
            PipedWriter serverTyping = new PipedWriter();
            BufferedReader serverKeyboard = new BufferedReader(new PipedReader(serverTyping));
            StringWriter serverScreen = new StringWriter();
            FriendsChat chat = new FriendsChat(FriendBook.course(), false, serverKeyboard, new PrintWriter(serverScreen, true));
            try (FriendsServer server = new FriendsServer(endpoint.host, endpoint.port)) {
                InetSocketAddress address = server.address();
                out.println("[server] listening on " + Endpoint.format(address));
                CompletableFuture<Void> serving = new CompletableFuture<>();
                Thread server1 = new Thread(() -> { // its own thread: the demo's client talks to it meanwhile
                    try {
                        server.serve(chat, 1, new PrintWriter(serverScreen, true));
                        serving.complete(null);
                    } catch (IOException | RuntimeException e) {
                        serving.completeExceptionally(e);
                    }
                }, "demo server");
                server1.setDaemon(true);
                server1.start();
                try (Socket sk = new Socket()) {
                    sk.connect(address, 5_000);
                    InputStream in = sk.getInputStream();
                    OutputStream wire = sk.getOutputStream();

                    out.println("[client] sends {\"msg\": \"hello\", \"id\": \"99999\"}: a number the server does not know");
                    send(wire, "{\"msg\": \"hello\", \"id\": \"99999\"}");
                    out.println("[client] server answers: " + receive(in) + "  (the notes' server died here with KeyError)");

                    out.println("[client] sends {\"msg\": \"hello\", \"id\": \"12345\"}: alex");
                    send(wire, "{\"msg\": \"hello\", \"id\": \"12345\"}");
                    type(serverTyping, "hi alex");
                    out.println("[client] server answers: " + receive(in));

                    out.println("[client] sends two messages in ONE write: {...}{...}");
                    send(wire, "{\"msg\": \"one\", \"id\": \"12345\"}{\"msg\": \"two\", \"id\": \"12345\"}");
                    type(serverTyping, "got one");
                    out.println("[client] server answers: " + receive(in));
                    type(serverTyping, "got two");
                    out.println("[client] server answers: " + receive(in) + "  (json.loads would have failed: Extra data)");

                    out.println("[client] sends {\"msg\": \"q\", \"id\": \"12345\"}: goodbye");
                    send(wire, "{\"msg\": \"q\", \"id\": \"12345\"}");
                }
                serving.join();
            }
            out.println("[server] printed (its >>> prompts left out):");
            serverScreen.toString().lines().filter(line -> !line.startsWith("connected: "))
                    .forEach(line -> out.println("  " + line.replace(">>>", "")));
            return 0;
        }

        private static void type(PipedWriter keyboard, String line) throws IOException {
            keyboard.write(line + "\n");
            keyboard.flush();
        }

        private static void send(OutputStream out, String json) throws IOException {
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private static String receive(InputStream in) throws IOException {
            byte[] buf = new byte[1024];
            int n = in.read(buf);
            return n == -1 ? "(closed)" : new String(buf, 0, n, StandardCharsets.UTF_8);
        }
    }
}
