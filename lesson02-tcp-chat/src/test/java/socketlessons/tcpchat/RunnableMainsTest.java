package socketlessons.tcpchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.Mains;

/**
 * Every class the notes call runnable has a {@code main} (an IDE's Run button), and each runs.
 * Every such {@code main} is one line, {@code Launcher.main(Cli.prepend(COMMAND, args))}, and
 * ends with {@code System.exit}: ChatServer's runs in a JVM of its own, as
 * {@code java -cp ... ChatServer --port 0} with its standard input ended, which proves the path
 * from {@code main} to the exit code; the others run what their {@code main} hands to, the
 * launcher's command, in this JVM with their standard input ended, and are asserted the same
 * (a JVM start each costs more than the run).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("lesson02: every runnable class's main runs")
class RunnableMainsTest {

    /** The classes with a main, as the notes list them (besides the Launcher). */
    private static final Set<String> RUNNABLE = Set.of("ChatServer", "ChatClient", "ChatDemo");

    @Test
    @DisplayName("the classes with a main are exactly the notes' runnable ones, plus the Launcher")
    void runnableClassesAreExactlyTheListedOnes() throws Exception {
        Set<String> withMain = Mains.classesWithMain(ChatServer.class);
        Set<String> expected = new TreeSet<>(RUNNABLE);
        expected.add("Launcher");
        assertThat(withMain).isEqualTo(expected);
    }

    /** What {@code main(args)} of the class that hands to {@code command} runs, with its standard input ended. */
    private static CliRun.Result mainsCommand(String command, String... args) {
        return CliRun.run(Launcher::run, "", Cli.prepend(command, args));
    }

    @Test
    @DisplayName("ChatDemo's main, as it hands to demo (in this JVM): the §4.3 demo, exit 0")
    void demoMainRuns() {
        CliRun.Result demo = mainsCommand("demo", "--port", "0"); // ChatDemo.main(--port 0)

        assertThat(demo.exitCode()).as(demo.output() + demo.errors()).isZero();
        assertThat(demo.output()).contains("[B] hears: hello B, sorry for the wait");
    }

    @Test
    @DisplayName("ChatServer's main, in a JVM of its own: listens, hears a client; its input ended, it says q and stops, exit 0")
    void serverMainRuns() throws Exception {
        try (Mains.Child server = new Mains.Child(ChatServer.class, "--port", "0")) {
            int port = Integer.parseInt(server.awaitMatch("listening on 127\\.0\\.0\\.1:(\\d+)"));
            try (Socket client = ChatFixture.connect(port)) {
                LineWire wire = new LineWire(client);
                wire.send("hi");
                assertThat(wire.receive()).isEqualTo("q");
            }
            assertThat(server.awaitExit()).as(server.output()).isZero();
            assertThat(server.output()).contains("our input ended: nobody is left to answer, so the server stops");
        }
    }

    @Test
    @DisplayName("ChatClient's main, as it hands to client (in this JVM): connects; its input ended, it says q, exit 0")
    void clientMainRuns() throws Exception {
        try (ChatFixture server = new ChatFixture("", 1)) {
            CliRun.Result client = mainsCommand("client", "--port", Integer.toString(server.port())); // ChatClient.main

            assertThat(client.exitCode()).as(client.output() + client.errors()).isZero();
            assertThat(client.output() + client.errors()).contains("conversation ended: our input ended");
            server.awaitServed();
            assertThat(server.screen()).contains("ended: the other side said q");
        }
    }
}
