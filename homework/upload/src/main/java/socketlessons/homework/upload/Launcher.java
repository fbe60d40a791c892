package socketlessons.homework.upload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import socketlessons.auth.PasswordHasher;
import socketlessons.homework.Messages;

/**
 * {@code java -jar homework/upload/target/homework-upload.jar <command>}: the §10.2 file upload (item 4).
 * It only parses options and calls the classes that do the socket work.
 */
@Command(name = "homework-upload", mixinStandardHelpOptions = true, version = "socket-lessons homework-upload 1.0",
        description = "§10.2 item 4: file upload (constant memory, SHA-256, atomic rename, resume) and its benchmark.",
        subcommands = {Launcher.Server.class, Launcher.Upload.class, Launcher.Download.class, Launcher.ListFiles.class, Launcher.Bench.class})
public final class Launcher {

    /** The console every command reads and writes. */
    final BufferedReader in;
    final PrintWriter out;

    private Launcher(InputStream in, PrintStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        System.exit(run(System.in, System.out, args));
    }

    /** Runs one command with the given console; returns its exit code. */
    public static int run(InputStream in, PrintStream out, String... args) {
        Launcher launcher = new Launcher(in, out);
        CommandLine cli = new CommandLine(launcher);
        cli.setOut(launcher.out);
        cli.setErr(launcher.out);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            launcher.out.println("error: " + e);
            return 1;
        });
        return cli.execute(args);
    }

    static String[] prepend(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** The options every program has. */
    static final class Endpoint {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "9000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
        int port;
    }

    /** Base of every subcommand: the console, and the options. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        Launcher console;

        @Mixin
        Endpoint endpoint = new Endpoint();
    }

    @Command(name = "upload-server", mixinStandardHelpOptions = true,
            description = "§10.2 file upload server: logged-in users upload, download and list their own files (Ctrl+C stops it).")
    public static final class Server extends Subcommand {
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
            UploadServer.Settings settings = new UploadServer.Settings(data, maxSize, Duration.ofMillis((long) (timeout * 1000)), iterations);
            try (UploadServer server = new UploadServer(new InetSocketAddress(endpoint.host, endpoint.port), settings, console.out::println)) {
                console.out.println("listening on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
                server.serveForever();
            }
            return 0;
        }
    }

    /** What every client command has: who, and how to show progress. The password is the first line of input. */
    abstract static class ClientCommand extends Subcommand {
        @Option(names = "--user", defaultValue = "${sys:user.name}", description = "your user name (default: your login name, ${DEFAULT-VALUE})")
        String user;

        @Option(names = "--register", description = "register this user first")
        boolean register;

        @Option(names = "--progress", defaultValue = "auto",
                description = "bar, lines, none or auto: a bar on a terminal, lines otherwise (default: ${DEFAULT-VALUE})")
        String progress;

        @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait for the server (default: ${DEFAULT-VALUE})")
        double timeout;

        @Override
        public final Integer call() throws Exception {
            String password = console.in.readLine(); // the first line of input, so it is not left in the shell's history
            if (password == null) {
                console.out.println("error: no password: give it as the first line of input");
                return 1;
            }
            InetSocketAddress server = new InetSocketAddress(endpoint.host, endpoint.port);
            try (UploadClient client = new UploadClient(server, Duration.ofMillis((long) (timeout * 1000)))) {
                console.out.println(client.login(user, password, register));
                return run(client, progress());
            } catch (UploadClient.Refused e) {
                console.out.println("error: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                console.out.println("error: " + e);
                return 1;
            }
        }

        abstract int run(UploadClient client, Progress progress) throws IOException;

        private Progress progress() {
            boolean terminal = switch (progress) {
                case "bar" -> true;
                case "lines" -> false;
                case "none" -> false;
                case "auto" -> System.console() != null;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--progress must be bar, lines, none or auto, not " + progress);
            };
            return progress.equals("none") ? Progress.NONE : new Progress(console.out, terminal, System::nanoTime);
        }

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "§10.2 uploads FILE; an upload that was cut off continues where the server's copy ends.")
    public static final class Upload extends ClientCommand {
        @Parameters(paramLabel = "FILE", description = "the file to upload")
        Path file;

        @Option(names = "--name", description = "its name on the server (default: the file's own name)")
        String name;

        @Override
        int run(UploadClient client, Progress progress) throws IOException {
            UploadClient.Transfer stored = client.upload(file, name != null ? name : file.getFileName().toString(), progress);
            console.out.println("stored " + stored.name() + ": " + stored.size() + " bytes"
                    + (stored.resumedAt() > 0 ? " (resumed at " + stored.resumedAt() + ")" : "") + ", sha256 " + stored.sha256());
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "§10.2 downloads one of your files into a folder.")
    public static final class Download extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "the file's name on the server")
        String name;

        @Option(names = "--to", defaultValue = ".", description = "folder to put it in (default: the current one)")
        Path folder;

        @Override
        int run(UploadClient client, Progress progress) throws IOException {
            UploadClient.Transfer got = client.download(name, folder, progress);
            console.out.println("downloaded " + folder.resolve(got.name()) + ": " + got.size() + " bytes, sha256 " + got.sha256());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "§10.2 lists your files on the server.")
    public static final class ListFiles extends ClientCommand {
        @Override
        int run(UploadClient client, Progress progress) throws IOException {
            List<UploadStore.StoredFile> files = client.list();
            for (UploadStore.StoredFile file : files) {
                // A name that is not a plain one (only a server that breaks the rules sends it) is printed quoted, escapes visible.
                String name = UploadStore.invalidName(file.name()) == null ? file.name() : Messages.quoted(String.valueOf(file.name()));
                console.out.printf("%14d  %s%n", file.size(), name);
            }
            console.out.println(files.size() + (files.size() == 1 ? " file" : " files"));
            return 0;
        }
    }

    @Command(name = "upload-bench", mixinStandardHelpOptions = true,
            description = "§10.2 upload throughput beside two baselines on loopback (plain socket; plain socket + SHA-256 on both ends); prints a Markdown table.")
    public static final class Bench implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        Launcher console;

        @Option(names = "--mib", defaultValue = "1024", description = "MiB moved by each run (default: ${DEFAULT-VALUE})")
        long mib;

        @Option(names = "--repeat", defaultValue = "3", description = "runs of each, in rotation (default: ${DEFAULT-VALUE})")
        int repeat;

        @Option(names = "--dir", defaultValue = "${java.io.tmpdir}", description = "where the source file and the server's copy go; deleted after (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            UploadBench.Result result = new UploadBench(mib << 20, repeat, dir, line -> console.out.println("# " + line)).run();
            String command = "java -jar homework/upload/target/homework-upload.jar upload-bench --mib " + mib + " --repeat " + repeat
                    + (dir.toString().equals(System.getProperty("java.io.tmpdir")) ? "" : " --dir " + dir);
            console.out.println();
            UploadBench.table(result, command).forEach(console.out::println);
            return 0;
        }
    }
}
