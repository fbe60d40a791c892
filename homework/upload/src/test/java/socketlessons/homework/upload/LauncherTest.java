package socketlessons.homework.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.RefusingPort;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisplayName("homework-upload launcher: every command it lists runs")
class LauncherTest {

    @Test
    @DisplayName("--help lists exactly the commands this test runs")
    void helpListsEveryCommandThatIsTested() {
        assertThat(CliRun.listedCommands(Launcher::run)).containsExactly(
                "check", "download", "list", "upload", "upload-bench", "upload-server");
    }

    @Test
    @DisplayName("§10.2 upload-server, upload, list and download: a file goes up with progress lines, is listed, and comes back identical; a bad name is refused")
    void uploadServerAndClients(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("notes.txt"), "第一行\nsecond line\n".repeat(50_000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (CliRun server = CliRun.start(Launcher::run, "upload-server", "--port", "0", "--data", dir.resolve("data").toString(),
                "--iterations", "" + UploadFixture.ITERATIONS)) {
            String port = Integer.toString(server.awaitListeningPort());

            CliRun.Result up = CliRun.run(Launcher::run, "pw-alice\n", "upload", "--port", port, "--user", "alice", "--register", file.toString());
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.output().lines().toList()).startsWith("welcome alice", "  0%  0 B of 1.0 MiB").contains(
                    "stored notes.txt: 1100000 bytes, sha256 " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            assertThat(up.output()).containsPattern("(?m)^100%  1\\.0 MiB of 1\\.0 MiB(, [\\d.]+ [KMG]?i?B/s)?$");

            CliRun.Result list = CliRun.run(Launcher::run, "pw-alice\n", "list", "--port", port, "--user", "alice");
            assertThat(list.output().lines().toList()).containsExactly("welcome alice", "       1100000  notes.txt", "1 file");

            CliRun.Result down = CliRun.run(Launcher::run, "pw-alice\n", "download", "--port", port, "--user", "alice",
                    "--progress", "none", "--to", dir.resolve("back").toString(), "notes.txt");
            assertThat(down.exitCode()).as(down.output()).isZero();
            assertThat(dir.resolve("back/notes.txt")).hasSameBinaryContentAs(file);

            CliRun.Result bad = CliRun.run(Launcher::run, "pw-alice\n", "upload", "--port", port, "--user", "alice",
                    "--name", "../../x", file.toString());
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.errors()).isEqualTo("error: file name with a path separator (/): only a plain name is allowed, not ../../x" + System.lineSeparator());
            server.awaitOutput("alice: \"../../x\" refused: file name with a path separator");
        }
    }

    @Test
    @DisplayName("§10.2 upload-bench: prints the four rows (plain, plain + SHA-256, writing alone, upload) and the ratio to the lower of the middle two with the command that made them")
    void uploadBenchPrintsItsTable(@TempDir Path dir) {
        CliRun.Result bench = CliRun.run(Launcher::run, "", "upload-bench", "--mib", "1", "--repeat", "1", "--dir", dir.toString());

        assertThat(bench.exitCode()).as(bench.output()).isZero();
        assertThat(bench.output()).contains("command: `java -jar homework/upload/target/homework-upload.jar upload-bench --mib 1 --repeat 1 --dir " + dir + "`")
                .containsPattern("\\| plain socket, nothing else done \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\| \\d+\\.\\d\\d \\|")
                .containsPattern("\\| plain socket, SHA-256 on both ends \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\| \\d+\\.\\d\\d \\|")
                .containsPattern("\\| writing the file alone \\(1 MiB appends as the upload makes them, fsync\\) \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\| \\d+\\.\\d\\d \\|")
                .containsPattern("The upload's median is \\d+\\.\\d\\dx the ceiling")
                .containsPattern("(?m)^\\| (plain socket, SHA-256 on both ends|writing the file alone .*) \\| \\d+ \\| \\d+–\\d+ \\| 100% \\| \\d+\\.\\d\\d \\|$")
                .containsPattern("\\| upload \\(file read, SHA-256, send / receive, SHA-256, write, fsync, rename\\) \\| \\d+ \\| \\d+–\\d+ \\| \\d+% \\| \\d+\\.\\d\\d \\|");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    @DisplayName("§10.2 (issue 15) at a terminal: the password is asked for with a prompt and not echoed, and the progress is a bar redrawn in place, ended by a line break")
    void asksForThePasswordAndDrawsTheBarAtATerminal(@TempDir Path dir) throws Exception {
        Path file = UploadFixture.randomFile(dir, "film.bin", 40, 3 << 20);
        try (UploadFixture fixture = new UploadFixture(dir.resolve("data"))) {
            fixture.client("alice").close();
            CliRun.Result up = CliRun.runAtTerminal(Launcher::run, UploadFixture.PASSWORD, "",
                    "upload", "--port", Integer.toString(fixture.address().getPort()), "--user", "alice", file.toString());

            assertThat(up.exitCode()).as(up.errors()).isZero();
            assertThat(up.output()).startsWith("password for alice: welcome alice" + System.lineSeparator() + "\r[>                   ]   0%  0 B of 3.0 MiB")
                    .containsPattern("\r\\[====================\\] 100%  3\\.0 MiB of 3\\.0 MiB[^\r\n]*" + System.lineSeparator() + "stored film.bin: ")
                    .doesNotContain(UploadFixture.PASSWORD);
        }
    }

    @Test
    @DisplayName("§10.2 (issue 15) no server: exit 1 with the hint on stderr, and no password asked for first")
    void checksTheServerIsThereBeforeAskingForThePassword(@TempDir Path dir) throws Exception {
        Path file = UploadFixture.randomFile(dir, "a.bin", 41, 10);
        try (RefusingPort nobody = RefusingPort.open()) {
            CliRun.Result up = CliRun.runAtTerminal(Launcher::run, "pw", "", "upload", "--port", Integer.toString(nobody.port()),
                    "--user", "alice", file.toString());

            assertThat(up.exitCode()).isEqualTo(1);
            assertThat(up.output()).isEmpty();
            assertThat(up.errors()).isEqualTo("error: connection refused (is the server running? start it first)" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§10.2 (issue 15) --progress bogus, --port 70000, a missing file: usage errors (exit 2) or a clear error (exit 1), before any connection")
    void refusesBadOptionsBeforeConnecting(@TempDir Path dir) throws Exception {
        Path file = UploadFixture.randomFile(dir, "a.bin", 42, 10);
        try (RefusingPort nobody = RefusingPort.open()) { // nothing listens: a connection attempt would say "refused"
            String port = Integer.toString(nobody.port());
            CliRun.Result bogus = CliRun.run(Launcher::run, "pw\n", "upload", "--port", port, "--progress", "bogus", file.toString());
            assertThat(bogus.exitCode()).isEqualTo(2);
            assertThat(bogus.errors()).isEqualTo("error: Invalid value for option '--progress': expected one of [bar, lines, none, auto]"
                    + " (case-insensitive) but was 'bogus' (see homework-upload upload --help)" + System.lineSeparator());

            CliRun.Result badPort = CliRun.run(Launcher::run, "pw\n", "list", "--port", "70000");
            assertThat(badPort.exitCode()).isEqualTo(2);
            assertThat(badPort.errors()).startsWith("error: Invalid value for option '--port': '70000' is not a port");

            CliRun.Result missing = CliRun.run(Launcher::run, "pw\n", "upload", "--port", port, dir.resolve("nosuch.bin").toString());
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.errors()).isEqualTo("error: no such file: " + dir.resolve("nosuch.bin")
                    + " (check the path: it is relative to the folder you run the command from)" + System.lineSeparator());

            CliRun.Result folder = CliRun.run(Launcher::run, "pw\n", "upload", "--port", port, dir.toString());
            assertThat(folder.exitCode()).isEqualTo(1);
            assertThat(folder.errors()).isEqualTo("error: " + dir + " is a folder, not a file (name a file in it)" + System.lineSeparator());
        }
    }

    @Test
    @DisplayName("§10.2 (issue 15) --user (by default the login name) is lower-cased, as the chat does (UserName); a name with a space is a usage error before any connection (exit 2)")
    void userNameIsLowerCasedAndASpaceIsRefused(@TempDir Path dir) throws Exception {
        Path file = UploadFixture.randomFile(dir, "a.bin", 43, 10);
        try (UploadFixture fixture = new UploadFixture(dir.resolve("data"))) {
            fixture.client("alice").close();
            CliRun.Result up = CliRun.run(Launcher::run, UploadFixture.PASSWORD + "\n",
                    "upload", "--port", Integer.toString(fixture.address().getPort()), "--user", "Alice", file.toString());
            assertThat(up.exitCode()).as(up.errors()).isZero();
            assertThat(up.output()).startsWith("welcome alice");
        }
        try (RefusingPort nobody = RefusingPort.open()) {
            CliRun.Result spaced = CliRun.run(Launcher::run, "pw\n", "list", "--port", Integer.toString(nobody.port()), "--user", "John Smith");
            assertThat(spaced.exitCode()).isEqualTo(2);
            assertThat(spaced.errors()).contains("\"John Smith\" cannot be a user name", "no spaces", "--user NAME").hasLineCount(1);
        }
    }

    @Test
    @DisplayName("--version: the version Maven built")
    void versionIsTheBuildsVersion() {
        CliRun.Result version = CliRun.run(Launcher::run, "", "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.output().strip()).matches("homework-upload \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
