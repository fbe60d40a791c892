package socketlessons.basics.check;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ParameterException;
import socketlessons.basics.check.CheckOptions.Mode;
import socketlessons.basics.cli.Console;

/**
 * {@code check server -- COMMAND} and {@code check client -- COMMAND}: runs a lesson's stages
 * against a student's program, one at a time, each with a fresh start of the program, and
 * stops at the first that fails. Exit code 0: all passed; 1: a stage failed; 2: bad usage.
 */
public final class Checker {

    static final String HOST = "127.0.0.1";

    private Checker() {
    }

    /** Runs the {@code check} command; {@code stages} are the lesson's, in order, servers' and clients' mixed. */
    public static int run(CheckOptions options, List<Stage> stages, Console console) throws Exception {
        return run(options, stages, console, ProgramRunner.PROCESSES);
    }

    /** The same, with the programs started by {@code runner}. */
    public static int run(CheckOptions options, List<Stage> stages, Console console, ProgramRunner runner) throws Exception {
        PrintWriter out = console.out;
        if (options.list) {
            list(stages, options.mode, out);
            return 0;
        }
        List<Stage> chosen = choose(options, stages);
        for (int i = 0; i < chosen.size(); i++) {
            Stage stage = chosen.get(i);
            String tag = "[stage " + (i + 1) + ": " + stage.name() + "] ";
            StageFailure failure = runStage(stage, tag, options, runner, out);
            if (failure != null) {
                out.println(tag + "failed: " + failure.getMessage());
                out.println(tag + "hint: " + (failure.hint() != null ? failure.hint() : stage.hint()));
                return 1;
            }
            out.println(tag + "passed");
        }
        long all = stages.stream().filter(s -> s.mode() == options.mode).count();
        out.println(chosen.size() == all ? "all " + all + " " + options.mode + " stages passed"
                : "stages 1 to " + chosen.size() + " of " + all + " passed (run without --stage for all)");
        return 0;
    }

    private static void list(List<Stage> stages, Mode only, PrintWriter out) {
        for (Mode mode : Mode.values()) {
            List<Stage> of = stages.stream().filter(s -> s.mode() == mode).toList();
            if ((only == null || only == mode) && !of.isEmpty()) {
                out.println(mode + " stages (check " + mode + " -- COMMAND):");
                for (int i = 0; i < of.size(); i++) {
                    out.println("  " + (i + 1) + ". " + of.get(i).name() + ": " + of.get(i).description());
                }
            }
        }
    }

    private static List<Stage> choose(CheckOptions options, List<Stage> stages) {
        if (options.mode == null) {
            throw usage(options, "say which program to check: check server -- COMMAND, or check client -- COMMAND");
        }
        List<Stage> of = stages.stream().filter(s -> s.mode() == options.mode).toList();
        if (of.isEmpty()) {
            throw usage(options, "this lesson has no " + options.mode + " stages (see check --list)");
        }
        if (options.command.isEmpty() && (options.mode == Mode.client || options.port == null)) {
            throw usage(options, options.mode == Mode.server
                    ? "give the command that starts your server after --, or --port N for a server already running"
                    : "give the command that starts your client after --");
        }
        if (options.mode == Mode.server && options.port != null && options.port == 0) {
            throw usage(options, "--port 0 picks a free port: check server needs the port your server listens on (leave --port out and the checker picks one)");
        }
        if (options.stage != null && (options.stage < 1 || options.stage > of.size())) {
            throw usage(options, "--stage must be 1 to " + of.size() + ", not " + options.stage);
        }
        if (options.timeoutSeconds < 1) {
            throw usage(options, "--timeout must be at least 1 second, not " + options.timeoutSeconds);
        }
        if (options.startTimeoutSeconds < 1) {
            throw usage(options, "--start-timeout must be at least 1 second, not " + options.startTimeoutSeconds);
        }
        return options.stage == null ? of : of.subList(0, options.stage);
    }

    private static RuntimeException usage(CheckOptions options, String message) {
        return options.spec == null ? new IllegalArgumentException(message)
                : new ParameterException(options.spec.commandLine(), message);
    }

    /** Runs one stage with a fresh start of the program; returns its failure, or null when it passed. */
    private static StageFailure runStage(Stage stage, String tag, CheckOptions options, ProgramRunner runner, PrintWriter out) throws Exception {
        ServerSocket listener = null;
        DatagramSocket datagramListener = null;
        int port;
        if (stage.mode() == Mode.client) {
            Listeners listeners = listen(options.port);
            listener = listeners.tcp();
            datagramListener = listeners.udp();
            port = listener.getLocalPort();
        } else if (options.port != null) {
            port = options.port;
        } else {
            try (PortLease lease = PortLease.take()) { // kept until the stage ends
                return runStage(stage, tag, options, runner, out, lease.port, null, null);
            }
        }
        return runStage(stage, tag, options, runner, out, port, listener, datagramListener);
    }

    private static StageFailure runStage(Stage stage, String tag, CheckOptions options, ProgramRunner runner, PrintWriter out, int port,
            ServerSocket listener,
            DatagramSocket datagramListener) throws Exception {
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
        String command = String.join(" ", options.command);
        InetSocketAddress address = new InetSocketAddress(HOST, port);
        if (options.command.isEmpty()) {
            out.println(tag + "connecting to your server on " + Session.format(address) + " (its output is not checked)");
        } else {
            out.println(tag + (stage.mode() == Mode.client ? "listening on " + Session.format(address) + ", " : "")
                    + "starting your " + stage.mode() + ": " + command + " (PORT=" + port + ")");
        }
        StudentProgram program = null;
        if (!options.command.isEmpty()) {
            try {
                program = StudentProgram.start(runner, options.command, port, out);
            } catch (IOException e) {
                if (listener != null) {
                    listener.close();
                }
                if (datagramListener != null) {
                    datagramListener.close();
                }
                return new StageFailure("your program to start", "an error: " + e.getMessage(),
                        "is the command right? it runs as typed after --, without a shell");
            }
        }
        try (Session session = new Session(address, timeout, Duration.ofSeconds(options.startTimeoutSeconds), program, listener,
                datagramListener)) {
            try {
                stage.script().run(session);
                return null;
            } catch (StageFailure failure) {
                return failure;
            } finally {
                if (program != null) {
                    program.close(); // before the session hangs up: see StudentProgram.close
                }
            }
        }
    }

    /** Client stages: where the checker plays the server, TCP and UDP on one port. */
    private record Listeners(ServerSocket tcp, DatagramSocket udp) {
    }

    /**
     * Client stages: a TCP listener and a UDP socket on one port, the PORT the student's client is
     * told, so a TCP client connects and a UDP client (lesson03) sends there. Both are bound
     * before the client starts: its first datagram cannot come before the checker listens. Port 0
     * lets the system pick the TCP port; when its number is taken for UDP by another program, the
     * next one is tried. A port given with --port that is taken for UDP only leaves UDP out (a
     * UDP stage then says so).
     */
    private static Listeners listen(Integer port) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ServerSocket tcp = new ServerSocket();
            try {
                tcp.bind(new InetSocketAddress(HOST, port == null ? 0 : port), 50);
            } catch (IOException e) {
                tcp.close();
                throw e;
            }
            try {
                return new Listeners(tcp, new DatagramSocket(new InetSocketAddress(HOST, tcp.getLocalPort())));
            } catch (IOException e) {
                if (port != null) {
                    return new Listeners(tcp, null);
                }
                tcp.close();
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

}
