package socketlessons.homework.upload.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CheckRun;
import socketlessons.basics.testkit.CliRun;
import socketlessons.homework.upload.Launcher;

/** The {@code check} command as homework/upload's Launcher wires it: {@code --list}, and {@code --file} reaching the client stages. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("homework/upload check command: --list names every stage, --file reaches the client stages")
class CheckCommandTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("check --list prints the 10 server stages and the 4 client stages, one line each")
    void listsEveryStage() {
        CliRun.Result list = CliRun.run(Launcher::run, "", "check", "--list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.output().lines()).hasSize(16)
                .contains("server stages (check server -- COMMAND):", "client stages (check client -- COMMAND):")
                .anyMatch(line -> line.startsWith("  7. refuses an absolute path: ") && line.contains("temporary folder of the checker's"))
                .anyMatch(line -> line.startsWith("  4. resumes from the offset: "));
    }

    @Test
    @DisplayName("check client without --file: stage 2 fails with the hint to give it; with --file it passes")
    void fileReachesTheClientStages() throws Exception {
        Path file = Files.write(dir.resolve("upload.bin"), UploadStages.numbered(1000));
        List<String> command = CheckRun.python(getClass(), "programs/upload_client.py", dir, file.toString());
        List<String> without = new ArrayList<>(List.of("check", "client", "--stage", "2", "--"));
        without.addAll(command);
        List<String> with = new ArrayList<>(List.of("check", "client", "--stage", "2", "--file", file.toString(), "--"));
        with.addAll(command);

        CliRun.Result missing = CliRun.run(Launcher::run, "", without.toArray(String[]::new));
        CliRun.Result given = CliRun.run(Launcher::run, "", with.toArray(String[]::new));

        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(1);
        assertThat(missing.output()).contains("[stage 2: announces the file] failed: expected the file your client uploads, got no --file",
                "[stage 2: announces the file] hint: give check the file your client uploads, the same as in COMMAND: check client --file FILE -- python3 upload_client.py FILE");
        assertThat(given.exitCode()).as(given.output()).isZero();
        assertThat(given.output()).contains("stages 1 to 2 of 4 passed");
    }
}
