package socketlessons.basics.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import socketlessons.basics.check.ProgramRunner;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;

/**
 * Runs a lesson's own Java program for the checker in this JVM, on a thread of its own, with a
 * console of pipes: a command made by {@link CheckRun#inProcess} starts it here, any other
 * command as a process. A stage costs a thread instead of a JVM start (0.4-0.7 CPU-s each).
 * <p>
 * What differs from a process, and why the transcript is the same: the program reads and
 * prints through its {@link Console} as it does in a terminal; its exit code is what its
 * launcher returns; once it is stopped or has returned, what it prints is not shown, as after
 * a kill or an exit. A thread cannot be killed, though: {@code stop()} ends its input and
 * interrupts it, so a client ends (at once, or when the checker hangs up right after); a server
 * that blocks in {@code accept()} is left listening on its port, with its threads, until the
 * test JVM exits (Surefire ends it with System.exit, so threads that are not daemons do not
 * hold it). The checker never gives that port out again: its probe finds it taken. A fixture
 * that runs a server in-process so leaves one per stage; keep such fixtures few. It is given no
 * environment (no {@code PORT}): its port comes from {@code {port}} in its arguments.
 */
final class InProcessPrograms implements ProgramRunner {

    private static final String PREFIX = "in-process:";

    static final InProcessPrograms INSTANCE = new InProcessPrograms();

    private final Map<String, CliRun.Program> programs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private InProcessPrograms() {
    }

    /** The command that runs {@code program} with {@code args} here: its first word names it. */
    List<String> command(CliRun.Program program, String... args) {
        String name = PREFIX + ids.incrementAndGet();
        programs.put(name, program);
        return List.of(Cli.prepend(name, args));
    }

    @Override
    public Running start(List<String> command, Map<String, String> environment) throws IOException {
        CliRun.Program program = command.isEmpty() ? null : programs.get(command.get(0));
        if (program == null) {
            return PROCESSES.start(command, environment);
        }
        return new OnAThread(program, command.subList(1, command.size()));
    }

    /** One program on its own thread. */
    private static final class OnAThread implements Running {
        private final Pipe input = new Pipe();
        private final Pipe output = new Pipe();
        private final OutputStream typed = input.sink();
        private final InputStream printed = output.source(); // one reader, however often output() is asked
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final Thread thread;
        private volatile boolean stopped;

        OnAThread(CliRun.Program program, List<String> args) {
            Console console = Console.of(input.source(), output.sink(), output.sink());
            thread = new Thread(() -> {
                try {
                    exit.complete(program.run(console, args.toArray(String[]::new)));
                } catch (Throwable e) { // as the JVM does for main: printed, exit code 1
                    console.err.print("Exception in thread \"main\" ");
                    e.printStackTrace(console.err);
                    exit.complete(1);
                } finally {
                    output.end(); // its last words are shown; what its other threads print later is not
                }
            }, "in-process program " + String.join(" ", args));
            thread.setDaemon(true); // and so are the threads it starts
            thread.start();
        }

        @Override
        public OutputStream input() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (!alive()) {
                        throw new IOException("Broken pipe: the program has ended");
                    }
                    typed.write(b, off, len);
                }

                @Override
                public void close() {
                    input.end();
                }
            };
        }

        @Override
        public InputStream output() {
            return printed;
        }

        @Override
        public boolean alive() {
            return !stopped && !exit.isDone();
        }

        @Override
        public int exitCode() {
            if (!exit.isDone()) {
                throw new IllegalStateException("the program has not ended"); // as Process.exitValue()
            }
            return exit.join();
        }

        @Override
        public void stop() {
            stopped = true;
            output.end();
            input.end();
            thread.interrupt(); // not waited for: a client waiting on its input or a queue ends now; one blocked in a TCP read, when the checker hangs up right after this
        }
    }
}
