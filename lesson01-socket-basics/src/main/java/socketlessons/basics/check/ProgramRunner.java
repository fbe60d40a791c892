package socketlessons.basics.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the checker starts the program it checks. {@code check} starts it as a process, in any
 * language ({@link #PROCESSES}); the course's own tests may run a lesson's Java program in their
 * JVM instead (the test kit's {@code CheckRun.inProcess}), since a JVM start per stage costs
 * more than the stage.
 */
@FunctionalInterface
public interface ProgramRunner {

    /** Starts {@code command} (its {@code {port}} already replaced) with {@code environment} added to this process's (a runner that starts no process may ignore it). */
    Running start(List<String> command, Map<String, String> environment) throws IOException;

    /** A started program as the checker sees it: its keyboard, what it prints, and how to end it. */
    interface Running {
        /** Its standard input. */
        OutputStream input();

        /** Its standard output and standard error, merged, until it ends or is stopped. */
        InputStream output();

        boolean alive();

        /** Its exit code, once it has ended. */
        int exitCode();

        /** Ends it, as a kill would: what it prints after this is not shown. */
        void stop() throws InterruptedException;
    }

    /** A process per program, as {@code check} runs a student's: any language, any command. */
    ProgramRunner PROCESSES = (command, environment) -> {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new Running() {
            @Override
            public OutputStream input() {
                return process.getOutputStream();
            }

            @Override
            public InputStream output() {
                return process.getInputStream();
            }

            @Override
            public boolean alive() {
                return process.isAlive();
            }

            @Override
            public int exitCode() {
                return process.exitValue();
            }

            @Override
            public void stop() throws InterruptedException {
                // Through its ProcessHandle, not Process.destroy(): that one also closes the program's
                // output stream, and a line it printed that the relay had not read yet was lost (a line
                // printed before a datagram was sent went missing from the transcript 1 run in 15).
                ProcessHandle handle = process.toHandle();
                process.descendants().forEach(ProcessHandle::destroy);
                handle.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        };
    };
}
