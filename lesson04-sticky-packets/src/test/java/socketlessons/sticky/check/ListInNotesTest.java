package socketlessons.sticky.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import socketlessons.basics.testkit.CliRun;
import socketlessons.basics.testkit.Notes;
import socketlessons.sticky.Launcher;

/** The notes quote {@code check --list}: what the jar prints, word for word, in both languages. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("lesson04 notes: the check --list they show is what the launcher prints")
class ListInNotesTest {

    @Test
    @DisplayName("README.md and README.zh-CN.md show check --list exactly as lesson04's launcher prints it")
    void notesShowTheListTheLauncherPrints() throws Exception {
        CliRun.Result list = CliRun.run(Launcher::run, "", "check", "--list");

        assertThat(list.exitCode()).isZero();
        Notes.assertShows("java -jar lesson04-sticky-packets/target/lesson04-sticky-packets.jar check --list", list.output(), "README.md", "README.zh-CN.md");
    }
}
