package socketlessons.sticky;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/**
 * The course's progress line ({@code '\r' + '=' * n + '>' + pct + '%'}) on a terminal; on
 * anything else (a file, a pipe, a test) a plain line at every tenth, so logs stay readable.
 * Call it with 0 first, then with the bytes done so far; it ends its line at the total.
 */
final class Progress implements LongConsumer {

    private final PrintWriter out;
    private final long total;
    private final boolean terminal;
    private int shown = -1;

    Progress(PrintWriter out, long total, boolean terminal) {
        this.out = out;
        this.total = total;
        this.terminal = terminal;
    }

    @Override
    public void accept(long done) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        if (terminal) {
            if (percent != shown) {
                int bar = percent / 5;
                out.print("\r[" + "=".repeat(bar) + ">" + " ".repeat(20 - bar) + "] " + percent + "% " + done + "/" + total + " bytes");
                out.flush();
            }
            if (done == total) {
                out.println(); // the bar is finished: what comes next starts on a line of its own
            }
        } else if (shown < 0 || percent / 10 != shown / 10) {
            out.println(percent + "% " + done + "/" + total + " bytes");
        }
        shown = percent;
    }
}
