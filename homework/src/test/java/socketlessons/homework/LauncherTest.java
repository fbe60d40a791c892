package socketlessons.homework;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.ConsoleRun;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("homework launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly(
                "friends-server", "friends-client", "chat-server", "chat-client", "chat-load", "upload-server", "upload", "download", "list",
                "upload-bench", "demo");
    }

    @Test
    @DisplayName("§10.2 chat-server and chat-client: register, a message to an offline friend is stored, and shown at its login")
    void chatServerAndClient(@TempDir Path dir) throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "chat-server", "--port", "0", "--data", dir.toString(), "--iterations", "1000")) {
            String port = Integer.toString(server.awaitListeningPort());
            ConsoleRun.Result bob = ConsoleRun.run(Launcher::run, "bob-password\n", "chat-client", "--port", port, "--user", "bob", "--register");
            assertThat(bob.output()).contains("registered bob", "welcome bob (0 messages waited for you)");

            try (ConsoleRun alice = ConsoleRun.start(Launcher::run, "chat-client", "--port", port, "--user", "alice", "--register")) {
                alice.type("alice-password");
                alice.awaitOutput("welcome alice");
                alice.type("@bob 你好 bob");
                alice.awaitOutput("(stored)");
                alice.type("/who");
                alice.awaitOutput("online: alice");
                alice.type("q");
                assertThat(alice.awaitExit()).isZero();
            }
            try (ConsoleRun bobAgain = ConsoleRun.start(Launcher::run, "chat-client", "--port", port, "--user", "bob", "--color", "never")) {
                bobAgain.type("bob-password");
                bobAgain.awaitOutput("welcome bob (1 messages waited for you)");
                bobAgain.awaitOutput("alice: 你好 bob");
                bobAgain.type("/quit");
                assertThat(bobAgain.awaitExit()).isZero();
            }
            ConsoleRun.Result load = ConsoleRun.run(Launcher::run, "", "chat-load", "--port", port, "--users", "5", "--seconds", "0.5");
            assertThat(load.exitCode()).as(load.output()).isZero();
            assertThat(load.output()).containsPattern("users 5: [\\d,]+ messages/s \\([\\d,]+ sent, [\\d,]+ received\\), delivery latency p50 [\\d,]+ µs, p99 [\\d,]+ µs, lost 0, duplicated 0");

            ConsoleRun.Result wrong = ConsoleRun.run(Launcher::run, "not-the-password\n", "chat-client", "--port", port, "--user", "bob");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.output()).contains("wrong user name or password");
        }
    }

    @Test
    @DisplayName("§10.2 upload-server, upload, list and download: a file goes up with progress lines, is listed, and comes back identical; a bad name is refused")
    void uploadServerAndClients(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("notes.txt"), "第一行\nsecond line\n".repeat(50_000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "upload-server", "--port", "0", "--data", dir.resolve("data").toString(),
                "--iterations", "1000")) {
            String port = Integer.toString(server.awaitListeningPort());

            ConsoleRun.Result up = ConsoleRun.run(Launcher::run, "pw-alice\n", "upload", "--port", port, "--user", "alice", "--register", file.toString());
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.output().lines().toList()).startsWith("welcome alice", "  0%  0 B of 1.0 MiB").contains(
                    "stored notes.txt: 1100000 bytes, sha256 " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            assertThat(up.output()).containsPattern("(?m)^100%  1\\.0 MiB of 1\\.0 MiB(, [\\d.]+ [KMG]?i?B/s)?$");

            ConsoleRun.Result list = ConsoleRun.run(Launcher::run, "pw-alice\n", "list", "--port", port, "--user", "alice");
            assertThat(list.output().lines().toList()).containsExactly("welcome alice", "       1100000  notes.txt", "1 file");

            ConsoleRun.Result down = ConsoleRun.run(Launcher::run, "pw-alice\n", "download", "--port", port, "--user", "alice",
                    "--progress", "none", "--to", dir.resolve("back").toString(), "notes.txt");
            assertThat(down.exitCode()).as(down.output()).isZero();
            assertThat(dir.resolve("back/notes.txt")).hasSameBinaryContentAs(file);

            ConsoleRun.Result bad = ConsoleRun.run(Launcher::run, "pw-alice\n", "upload", "--port", port, "--user", "alice",
                    "--name", "../../x", file.toString());
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.output()).contains("error: file name with a path separator (/): only a plain name is allowed, not ../../x");
            server.awaitOutput("alice: \"../../x\" refused: file name with a path separator");
        }
    }

    @Test
    @DisplayName("§10.2 upload-bench: prints the three rows (plain, plain + SHA-256, upload) with the command that made them")
    void uploadBenchPrintsItsTable(@TempDir Path dir) {
        ConsoleRun.Result bench = ConsoleRun.run(Launcher::run, "", "upload-bench", "--mib", "4", "--repeat", "1", "--dir", dir.toString());

        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output()).contains("command: `java -jar homework/target/homework.jar upload-bench --mib 4 --repeat 1 --dir " + dir + "`")
                .containsPattern("\\| plain socket, nothing else done \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\|")
                .containsPattern("\\| plain socket, SHA-256 on both ends \\| \\d+ \\| \\d+–\\d+ \\| 100% \\|")
                .containsPattern("\\| upload \\(file read, SHA-256, send / receive, SHA-256, write, fsync, rename\\) \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\|");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    @DisplayName("§10.1 friends-server and friends-client: alex's message shown by name, without colour when output is not a terminal")
    void friendsServerAndClient(@TempDir Path dir) throws Exception {
        Path friends = dir.resolve("friends.json");
        Files.writeString(friends, "[{\"id\": \"7\", \"name\": \"bob\", \"color\": \"32\"}]");
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "friends-server", "--port", "0", "--friends", friends.toString(),
                "--conversations", "1")) {
            int port = server.awaitListeningPort();
            try (ConsoleRun client = ConsoleRun.start(Launcher::run, "friends-client", "--port", Integer.toString(port), "--id", "7")) {
                client.type("hello from bob");
                server.awaitOutput("bob: hello from bob");
                server.type("hi bob");
                client.awaitOutput("hi bob");
                client.type("q");
                assertThat(client.awaitExit()).isZero();
                assertThat(client.output()).contains("你已经断开和server的聊天！");
            }
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("bob已经下线").doesNotContain("\033[");
        }
    }

    @Test
    @DisplayName("§10.1 friends-server --color always paints names even when output is not a terminal")
    void colorAlways() throws Exception {
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "friends-server", "--port", "0", "--color", "always", "--conversations", "1");
             java.net.Socket sk = new java.net.Socket("127.0.0.1", server.awaitListeningPort())) {
            sk.getOutputStream().write("{\"msg\": \"q\", \"id\": \"12346\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("sia已经下线");
        }
        try (ConsoleRun server = ConsoleRun.start(Launcher::run, "friends-server", "--port", "0", "--color", "always", "--conversations", "1");
             java.net.Socket sk = new java.net.Socket("127.0.0.1", server.awaitListeningPort())) {
            sk.getOutputStream().write("{\"msg\": \"hi\", \"id\": \"12346\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            server.awaitOutput("\033[33msia: hi\033[0m");
            server.type("q");
            assertThat(server.awaitExit()).isZero();
        }
    }

    @Test
    @DisplayName("§10.1 demo: a stranger answered, glued messages both read; exits 0")
    void demoShowsBothFixes() {
        ConsoleRun.Result demo = ConsoleRun.run(Launcher::run, "", "demo", "--port", "0");

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.output().lines().skip(1).map(l -> l.replaceAll(":\\d+ says", ":PORT says")).toList()).containsExactly(
                "[client] sends {\"msg\": \"hello\", \"id\": \"99999\"}: a number the server does not know",
                "[client] server answers: I do not know who 99999 is  (the notes' server died here with KeyError)",
                "[client] sends {\"msg\": \"hello\", \"id\": \"12345\"}: alex",
                "[client] server answers: hi alex",
                "[client] sends two messages in ONE write: {...}{...}",
                "[client] server answers: got one",
                "[client] server answers: got two  (json.loads would have failed: Extra data)",
                "[client] sends {\"msg\": \"q\", \"id\": \"12345\"}: goodbye",
                "[server] printed (its >>> prompts left out):",
                "  127.0.0.1:PORT says it is 99999, who is not in the friends table: hello",
                "  alex: hello",
                "  alex: one",
                "  alex: two",
                "  alex已经下线");
    }
}
