package socketlessons.socketserver;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.Notes;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("lesson07 notes: the table names real tests")
class NotesTest {

    @Test
    @DisplayName("every test the Problem → Reproduced by → Fixed by table names exists, with the display name it quotes")
    void tableNamesRealTests() {
        Notes.read(Path.of("README.md")).assertNamedTestsExist();
    }
}
