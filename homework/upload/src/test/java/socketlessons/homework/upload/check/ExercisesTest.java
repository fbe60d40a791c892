package socketlessons.homework.upload.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socketlessons.basics.testkit.CheckRun;

/** The upload's starter code in {@code exercises/}: it compiles, and as handed out it logs in and fails stage 2. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@DisplayName("homework/upload exercises/: the starter files compile, and check shows what is left to do")
class ExercisesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("MyUploadServer.java compiles as a single file; upload_server.py and upload_client.py parse")
    void startersCompile() throws Exception {
        assertThat(CheckRun.assertExercisesCompile(Path.of("exercises"), dir)).isEqualTo(3);
    }

    @Test
    @DisplayName("§10.2 the untouched upload_server.py logs in, then never reads the body: stage 2 fails")
    void untouchedServerFailsStageTwo() throws Exception {
        List<String> command = CheckRun.exercise("upload_server.py", dir.toString());
        CheckRun checker = CheckRun.of(UploadStages.all(null))
                .naming(command, "python3 homework/upload/exercises/upload_server.py")
                .ignoringProgramLines("closing: .*"); // printed when the checker hangs up: before or after the stage ends

        CheckRun.assertMatches(checker.run("server", 10, command), 1, getClass(), "fixtures/starter_server.txt");
    }

    @Test
    @DisplayName("§10.2 the untouched upload_client.py connects and hangs up without a word: client stage 1 fails")
    void untouchedClientFailsStageOne() throws Exception {
        Path file = java.nio.file.Files.write(dir.resolve("upload.bin"), UploadStages.numbered(1000));
        List<String> command = CheckRun.exercise("upload_client.py", file.toString());
        CheckRun checker = CheckRun.of(UploadStages.all(file))
                .naming(command, "python3 homework/upload/exercises/upload_client.py upload.bin");

        CheckRun.assertMatches(checker.run("client", 10, command), 1, getClass(), "fixtures/starter_client.txt");
    }
}
