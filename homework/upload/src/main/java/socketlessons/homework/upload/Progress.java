package socketlessons.homework.upload;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far a transfer is. On a terminal, one line redrawn in place (the classroom's
 * {@code '\r' + '=' * n + '>' + pct + '%'}, with bytes, rate and time left); anywhere else
 * (a file, a pipe, a test), a plain line at each tenth, so a log stays readable.
 */
public final class Progress {

    /** {@code --progress}: a bar, lines, nothing, or a bar when standard output is a terminal and lines otherwise. */
    public enum Mode {
        bar, lines, none, auto;

        /** The progress this mode shows on {@code out}. */
        public Progress on(PrintWriter out, boolean outIsTerminal) {
            return switch (this) {
                case bar -> new Progress(out, true, System::nanoTime);
                case lines -> new Progress(out, false, System::nanoTime);
                case none -> new Progress(new PrintWriter(Writer.nullWriter()), false, System::nanoTime);
                case auto -> new Progress(out, outIsTerminal, System::nanoTime); // whatever standard input is
            };
        }
    }

    /** Shows nothing. */
    public static final Progress NONE = new Progress(null, false, System::nanoTime);

    private static final long REDRAW_NANOS = 100_000_000; // a terminal redrawn 10 times a second looks smooth
    private static final int BAR = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private long total;
    private long offset;
    private long startNanos;
    private long drawnNanos;
    private int tenthShown;
    private int width;
    private boolean running; // between start and finish

    /**
     * @param terminal a bar redrawn in place, or plain lines
     * @param nanoTime the clock ({@code System::nanoTime}; a test's own)
     */
    public Progress(PrintWriter out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /** A transfer of {@code total} bytes begins, {@code offset} of them there already (a resume). */
    public synchronized void start(long total, long offset) {
        if (out == null) {
            return;
        }
        this.total = total;
        this.offset = offset;
        this.startNanos = nanoTime.getAsLong();
        this.drawnNanos = startNanos - REDRAW_NANOS; // the first update draws at once
        this.tenthShown = -1;
        this.width = 0;
        this.running = true;
        if (offset > 0) {
            out.println("resuming: the server holds " + bytes(offset) + " of " + bytes(total) + " already");
        }
        update(offset);
    }

    /** {@code done} bytes of the total are there now. */
    public synchronized void update(long done) {
        if (out == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        if (terminal) {
            if (now - drawnNanos >= REDRAW_NANOS || done == total) {
                int filled = percent * BAR / 100;
                String line = "[" + "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "") + "] "
                        + String.format(Locale.ROOT, "%3d%%", percent) + "  " + figures(done, now);
                out.print("\r" + line + " ".repeat(Math.max(0, width - line.length()))); // spaces wipe a longer line before
                out.flush();
                width = line.length();
                drawnNanos = now;
            }
        } else if (percent / 10 != tenthShown) {
            tenthShown = percent / 10;
            out.println(String.format(Locale.ROOT, "%3d%%  ", percent) + figures(done, now));
        }
    }

    /** The transfer is over: a bar's line is ended, so what comes next starts on its own. */
    public synchronized void finish() {
        running = false;
        if (out != null && terminal) {
            out.println();
        }
    }

    /**
     * The program is being stopped (Ctrl+C): a bar's line is ended, so the shell's prompt and
     * any last words start on their own. True when a transfer was under way.
     */
    public synchronized boolean stop() {
        boolean wasRunning = running;
        running = false;
        if (wasRunning && terminal && width > 0) {
            out.println();
        }
        return wasRunning;
    }

    private String figures(long done, long now) {
        double seconds = (now - startNanos) / 1e9;
        String figures = bytes(done) + " of " + bytes(total);
        if (seconds > 0 && done > offset) {
            double rate = (done - offset) / seconds;
            figures += ", " + bytes((long) rate) + "/s";
            if (done < total) {
                figures += ", " + Math.round(Math.ceil((total - done) / rate)) + " s left";
            }
        }
        return figures;
    }

    /** 1,536 bytes is "1.5 KiB": binary units, one decimal. */
    public static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
