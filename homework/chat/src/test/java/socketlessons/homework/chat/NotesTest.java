package socketlessons.homework.chat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Notes;

@Timeout(value = 120, unit = TimeUnit.SECONDS) // walks the module's test sources: slow on a busy machine, never stuck
@DisplayName("chat notes: the table names real tests, the Chinese twin is in step")
class NotesTest {

    @Test
    @DisplayName("every test the Problem → Reproduced by → Fixed by table names exists")
    void tableNamesRealTests() {
        Notes.read(Path.of("README.md")).assertNamedTestsExist();
    }

    @Test
    @DisplayName("the Chinese notes (README.zh-CN.md) keep the same commands, outputs, diagrams and tests")
    void chineseTwinInStep() {
        Notes.assertTwinsInStep(Path.of("README.md"), Path.of("README.zh-CN.md"));
    }
}
