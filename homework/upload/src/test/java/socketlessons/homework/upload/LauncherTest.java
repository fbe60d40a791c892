package socketlessons.homework.upload;

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
@DisplayName("homework-upload launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(ConsoleRun.listedCommands(Launcher::run)).containsExactly(
                "upload-server", "upload", "download", "list", "upload-bench");
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
    @DisplayName("§10.2 upload-bench: prints the four rows (plain, plain + SHA-256, writing alone, upload) and the ratio to the lower of the middle two with the command that made them")
    void uploadBenchPrintsItsTable(@TempDir Path dir) {
        ConsoleRun.Result bench = ConsoleRun.run(Launcher::run, "", "upload-bench", "--mib", "4", "--repeat", "1", "--dir", dir.toString());

        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output()).contains("command: `java -jar homework/upload/target/homework-upload.jar upload-bench --mib 4 --repeat 1 --dir " + dir + "`")
                .containsPattern("\\| plain socket, nothing else done \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\|")
                .containsPattern("\\| plain socket, SHA-256 on both ends \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\|")
                .containsPattern("\\| writing the file alone \\(1 MiB writes, fsync\\) \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\|")
                .containsPattern("The upload's median is \\d+\\.\\d\\dx the ceiling")
                .containsPattern("(?m)^\\| (plain socket, SHA-256 on both ends|writing the file alone .*) \\| \\d+ \\| \\d+–\\d+ \\| 100% \\|$")
                .containsPattern("\\| upload \\(file read, SHA-256, send / receive, SHA-256, write, fsync, rename\\) \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\|");
        assertThat(dir).isEmptyDirectory();
    }
}
