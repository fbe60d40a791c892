package socketlessons.homework.upload;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import socketlessons.auth.PasswordHasher;
import socketlessons.basics.PeerText;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.homework.UserName;

/**
 * {@code java -jar homework/upload/target/homework-upload.jar <command>}: the §10.2 file upload (item 4).
 * It only parses options and calls the classes that do the socket work.
 */
@Command(name = "homework-upload", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "§10.2 item 4: file upload (constant memory, SHA-256, atomic rename, resume) and its benchmark.",
        subcommands = {Launcher.Server.class, Launcher.Upload.class, Launcher.Download.class, Launcher.ListFiles.class, Launcher.Bench.class})
public final class Launcher {

    final Console console;

    private Launcher(Console console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(run(Console.system(), args));
    }

    /** Runs one command with the given console; returns its exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(Console console, String... args) {
        return Cli.run(new Launcher(console), console, args);
    }

    private static Duration seconds(double seconds, String option, CommandSpec spec) {
        if (!(seconds > 0)) {
            throw new ParameterException(spec.commandLine(), option + " must be more than 0 seconds, not " + seconds);
        }
        return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }

    @Command(name = "upload-server", mixinStandardHelpOptions = true,
            description = "§10.2 file upload server: logged-in users upload, download and list their own files (Ctrl+C stops it).")
    static final class Server implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;
        @Spec CommandSpec spec;

        @Option(names = "--data", defaultValue = "upload-data", description = "folder for users.txt and files/USER/ (default: ${DEFAULT-VALUE})")
        Path data;

        @Option(names = "--max-size", defaultValue = "" + UploadServer.Settings.DEFAULT_MAX_SIZE,
                description = "largest file accepted, in bytes (default: ${DEFAULT-VALUE}, 8 GiB)")
        long maxSize;

        @Option(names = "--timeout", defaultValue = "60", description = "seconds a client may stay silent before it is cut off (default: ${DEFAULT-VALUE})")
        double timeout;

        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.OWASP_ITERATIONS,
                description = "PBKDF2 iterations for new passwords (default: ${DEFAULT-VALUE})")
        int iterations;

        @Override
        public Integer call() throws Exception {
            UploadServer.Settings settings = new UploadServer.Settings(data, maxSize, seconds(timeout, "--timeout", spec), iterations);
            try (UploadServer server = new UploadServer(endpoint.address(), settings, launcher.console.out::println)) {
                launcher.console.out.println("listening on " + Endpoint.format(server.address()));
                server.serveForever();
            }
            return 0;
        }
    }

    /** How a transfer shows its progress. */
    enum ProgressMode { bar, lines, none, auto }

    /** What every client command has: who, and how to show progress. The password is asked for once the server answers. */
    abstract static class ClientCommand implements Callable<Integer> {
        @ParentCommand Launcher launcher;
        @Mixin Endpoint endpoint;
        @Spec CommandSpec spec;

        @Option(names = "--user", defaultValue = "${sys:user.name}", converter = UserName.Converter.class,
                description = "your user name, lower-cased; letters, digits, _ . - (default: your login name, ${DEFAULT-VALUE})")
        String user; // the chat's rule exactly (UserName): a name with a space is a usage error, before any connection

        @Option(names = "--register", description = "register this user first")
        boolean register;

        @Option(names = "--progress", defaultValue = "auto",
                description = "${COMPLETION-CANDIDATES}: a bar redrawn in place, a line at each tenth, nothing, or a bar when"
                        + " standard output is a terminal and lines otherwise (default: ${DEFAULT-VALUE})")
        ProgressMode progress;

        @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait for the server (default: ${DEFAULT-VALUE})")
        double timeout;

        @Override
        public final Integer call() throws Exception {
            String name = user;
            Duration wait = seconds(timeout, "--timeout", spec);
            before();
            Console console = launcher.console;
            // Connected first: nobody types a password for a server that is not there.
            try (UploadClient client = new UploadClient(endpoint.address(), wait)) {
                String password = console.readPassword("password for " + name + ": ");
                if (password == null) {
                    console.err.println("error: no password: type it, or give it as the first line of input");
                    return 1;
                }
                console.out.println(client.login(name, password, register));
                Progress shown = progress();
                Thread interrupted = new Thread(() -> {
                    if (shown.stop()) { // Ctrl+C in the middle of a transfer: end the bar's line, say what to do
                        console.err.println(whenInterrupted());
                    }
                }, "Ctrl+C");
                Runtime.getRuntime().addShutdownHook(interrupted);
                try {
                    return run(client, shown);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(interrupted);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running or has run: it said what there was to say
                    }
                }
            }
        }

        /** Checks made before connecting (a file to upload that is not there). */
        void before() throws Exception {
        }

        abstract int run(UploadClient client, Progress progress) throws Exception;

        /** What to do after Ctrl+C in the middle of a transfer. */
        abstract String whenInterrupted();

        private Progress progress() {
            PrintWriter out = launcher.console.out;
            return switch (progress) {
                case bar -> new Progress(out, true, System::nanoTime);
                case lines -> new Progress(out, false, System::nanoTime);
                case none -> new Progress(new PrintWriter(Writer.nullWriter()), false, System::nanoTime);
                case auto -> new Progress(out, launcher.console.outIsTerminal(), System::nanoTime); // whatever standard input is
            };
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "§10.2 uploads FILE; an upload that was cut off continues where the server's copy ends.")
    static final class Upload extends ClientCommand {
        @Parameters(paramLabel = "FILE", description = "the file to upload")
        Path file;

        @Option(names = "--name", description = "its name on the server (default: the file's own name)")
        String name;

        @Override
        void before() throws Exception {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (Files.isDirectory(file)) {
                throw new FileSystemException(file.toString(), null, "Is a directory");
            }
        }

        @Override
        int run(UploadClient client, Progress progress) throws Exception {
            UploadClient.Transfer stored = client.upload(file, name != null ? name : file.getFileName().toString(), progress);
            launcher.console.out.println("stored " + stored.name() + ": " + stored.size() + " bytes"
                    + (stored.resumedAt() > 0 ? " (resumed at " + stored.resumedAt() + ")" : "") + ", sha256 " + stored.sha256());
            return 0;
        }

        @Override
        String whenInterrupted() {
            return "interrupted: the server keeps what it received; run the same command again to resume from there";
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "§10.2 downloads one of your files into a folder.")
    static final class Download extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "the file's name on the server")
        String name;

        @Option(names = "--to", defaultValue = ".", description = "folder to put it in (default: the current one)")
        Path folder;

        @Override
        int run(UploadClient client, Progress progress) throws Exception {
            UploadClient.Transfer got = client.download(name, folder, progress);
            launcher.console.out.println("downloaded " + folder.resolve(got.name()) + ": " + got.size() + " bytes, sha256 " + got.sha256());
            return 0;
        }

        @Override
        String whenInterrupted() {
            return "interrupted: nothing was kept (downloads do not resume); run the same command again";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "§10.2 lists your files on the server.")
    static final class ListFiles extends ClientCommand {
        @Override
        int run(UploadClient client, Progress progress) throws Exception {
            List<UploadStore.StoredFile> files = client.list();
            for (UploadStore.StoredFile file : files) {
                // A name that is not a plain one (only a server that breaks the rules sends it) is printed quoted, escapes visible.
                String name = UploadStore.invalidName(file.name()) == null ? file.name() : PeerText.quote(file.name());
                launcher.console.out.printf("%14d  %s%n", file.size(), name);
            }
            launcher.console.out.println(files.size() + (files.size() == 1 ? " file" : " files"));
            return 0;
        }

        @Override
        String whenInterrupted() {
            return "interrupted";
        }
    }

    @Command(name = "upload-bench", mixinStandardHelpOptions = true,
            description = "§10.2 upload throughput beside its baselines on loopback (plain socket; plain socket + SHA-256 on both ends;"
                    + " writing the file alone); prints a Markdown table.")
    static final class Bench implements Callable<Integer> {
        @ParentCommand Launcher launcher;

        @Option(names = "--mib", defaultValue = "1024", description = "MiB moved by each run (default: ${DEFAULT-VALUE})")
        long mib;

        @Option(names = "--repeat", defaultValue = "3", description = "runs of each, in rotation (default: ${DEFAULT-VALUE})")
        int repeat;

        @Option(names = "--dir", defaultValue = "${java.io.tmpdir}", description = "where the source file and the server's copy go; deleted after (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = launcher.console.out;
            UploadBench.Result result = new UploadBench(mib << 20, repeat, dir, line -> out.println("# " + line)).run();
            String command = "java -jar homework/upload/target/homework-upload.jar upload-bench --mib " + mib + " --repeat " + repeat
                    + (dir.toString().equals(System.getProperty("java.io.tmpdir")) ? "" : " --dir " + dir);
            out.println();
            UploadBench.table(result, command).forEach(out::println);
            return 0;
        }
    }
}
