package socketlessons.socketserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static socketlessons.socketserver.Fixture.ANY_PORT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import socketlessons.basics.testkit.CliRun;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("§9 every runnable class has a main that runs with no arguments (here with --port 0)")
@Execution(ExecutionMode.CONCURRENT) // each test has its own programs and fixture: no state shared; most of it is waiting for a JVM
class MainsTest {

    /** The servers' mains: each serves until Ctrl+C. */
    static final List<Class<?>> SERVERS = List.of(ThreadingTcpServer.class, TcpServer.class, PooledTcpServer.class, UdpServer.class);
    /** The programs that end by themselves. */
    static final List<Class<?>> PROGRAMS = List.of(UpperClient.class, UpperUdpClient.class, SocketServerDemo.class, Launcher.class);

    private final Fixture fixture = new Fixture();
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        children.forEach(ChildJvm::close);
        fixture.close();
    }

    private ChildJvm child(Class<?> mainClass, String stdin, String... args) throws IOException {
        ChildJvm child = ChildJvm.start(List.of(), mainClass, stdin, args);
        children.add(child);
        return child;
    }

    @Test
    @DisplayName("the classes with a main are exactly the ones this test runs")
    void listsEveryClassWithMain() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("socketlessons/socketserver");
        List<String> withMain = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Class<?> type = Class.forName("socketlessons.socketserver." + file.getFileName().toString().replace(".class", ""));
                for (Method method : type.getDeclaredMethods()) {
                    if (method.getName().equals("main") && Modifier.isStatic(method.getModifiers()) && Modifier.isPublic(method.getModifiers())) {
                        withMain.add(type.getSimpleName());
                    }
                }
            }
        }
        List<String> tested = Stream.concat(SERVERS.stream(), PROGRAMS.stream()).map(Class::getSimpleName).toList();
        assertThat(withMain).containsExactlyInAnyOrderElementsOf(tested);
    }

    @Test
    @DisplayName("each server's main listens (on --port 0), says which server it is and answers in upper case; each program's main runs to its end (the demo's with --help)")
    void everyMainRuns() throws Exception {
        // What each main runs, Launcher.main(X.commandLine(args)), run here: main ends with System.exit.
        // The launcher's main itself runs in a JVM of its own below, and ThreadingTcpServer's in the Ctrl+C test.
        record Server(String[] commandLine, String says) {
        }
        List<Server> servers = List.of(
                new Server(ThreadingTcpServer.commandLine("--port", "0"), "ThreadingTcpServer: a thread per client"),
                new Server(TcpServer.commandLine("--port", "0"), "TcpServer: one client at a time"),
                new Server(PooledTcpServer.commandLine("--port", "0"), "PooledTcpServer: at most 4 clients at once, 10 more may wait"),
                new Server(UdpServer.commandLine("--port", "0"), "UdpServer: each datagram is a request"));
        assertThat(servers).hasSameSizeAs(SERVERS);
        ChildJvm version = child(Launcher.class, "", "--version");
        for (Server server : servers) {
            try (CliRun run = CliRun.start(Launcher::run, server.commandLine())) {
                int port = run.awaitListeningPort();
                if (!server.says().startsWith("UdpServer")) {
                    try (LineClient c = new LineClient(new InetSocketAddress("127.0.0.1", port))) {
                        assertThat(c.ask("hi")).as(server.says()).isEqualTo("HI");
                    }
                }
                run.awaitOutput("; Ctrl+C shuts it down");
                assertThat(run.output()).contains(server.says() + "; Ctrl+C shuts it down");
            }
        }
        ThreadingTcpServer tcp = fixture.serving(new ThreadingTcpServer(ANY_PORT, UpperEchoHandler::new, new TcpServer.Options(), fixture.log::add));
        UdpServer udp = fixture.serving(new UdpServer(ANY_PORT, UpperUdpHandler::new, fixture.log::add));
        CliRun.Result client = CliRun.run(Launcher::run, "hi tcp\nq\n", UpperClient.commandLine("--port", Integer.toString(tcp.address().getPort())));
        CliRun.Result udpClient = CliRun.run(Launcher::run, "hi udp\nq\n", UpperUdpClient.commandLine("--port", Integer.toString(udp.address().getPort())));
        CliRun.Result demo = CliRun.run(Launcher::run, "", SocketServerDemo.commandLine("--help")); // the demo itself runs in LauncherTest

        assertThat(client.exitCode()).as(client.errors()).isZero();
        assertThat(client.output().lines()).containsExactly("HI TCP");
        assertThat(udpClient.exitCode()).as(udpClient.errors()).isZero();
        assertThat(udpClient.output().lines()).containsExactly("HI UDP");
        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output()).startsWith("Usage: lesson07-socketserver demo ");
        assertThat(version.awaitExit()).as("System.exit carries the code").isZero();
        assertThat(version.output()).startsWith("lesson07-socketserver ");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // Windows ends a process without running its shutdown hooks
    @DisplayName("§15 Ctrl+C (SIGTERM) with two clients connected: each connection is closed and logged once (the hook and try-with-resources both close)")
    void ctrlCWithTwoClientsLogsEachConnectionOnce() throws Exception {
        ChildJvm server = child(ThreadingTcpServer.class, "", "--port", "0");
        int port = server.awaitListeningPort();
        LineClient a = fixture.connect(new InetSocketAddress("127.0.0.1", port));
        LineClient b = fixture.connect(new InetSocketAddress("127.0.0.1", port));
        assertThat(a.ask("a")).isEqualTo("A");
        assertThat(b.ask("b")).isEqualTo("B");

        server.terminate(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl+C

        assertThat(a.readLine()).isNull();
        assertThat(b.readLine()).isNull();
        server.awaitExit();
        String log = server.output();
        assertThat(log).contains("ThreadingTcpServer: a thread per client; Ctrl+C shuts it down", "Ctrl+C (or kill): close()");
        for (LineClient client : List.of(a, b)) {
            String line = "shutdown: closing the connection of 127.0.0.1:" + client.port();
            assertThat(log.lines().filter(line::equals)).as(log).hasSize(1);
        }
    }
}
