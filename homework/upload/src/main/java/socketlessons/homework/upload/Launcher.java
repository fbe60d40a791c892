package socketlessons.homework.upload;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import socketlessons.basics.check.CheckOptions;
import socketlessons.basics.check.Checker;
import socketlessons.basics.cli.BuildVersion;
import socketlessons.basics.cli.Cli;
import socketlessons.basics.cli.Console;
import socketlessons.basics.cli.Endpoint;
import socketlessons.homework.upload.check.UploadStages;

/**
 * {@code java -jar homework/upload/target/homework-upload.jar <command>}: the §10.2 file upload (item 4).
 * It only parses options and calls the classes that do the socket work.
 */
@Command(name = "homework-upload", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = BuildVersion.class,
        description = "§10.2 item 4: file upload (constant memory, SHA-256, atomic rename, resume) and its benchmark.")
public final class Launcher {

    private final Console console;

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

    @Command(name = "upload-server", description = "§10.2 file upload server: logged-in users upload, download and list their own files (Ctrl+C stops it).")
    int uploadServer(@Mixin Endpoint endpoint, @Mixin UploadServer.Options options) throws Exception {
        try (UploadServer server = new UploadServer(endpoint.address(), options.settings(), console.out::println)) {
            console.out.println("listening on " + Endpoint.format(server.address()));
            server.serveForever();
        }
        return 0;
    }

    @Command(name = "upload", description = "§10.2 uploads FILE; an upload that was cut off continues where the server's copy ends.")
    int upload(@Mixin Endpoint endpoint, @Mixin UploadClient.Options client,
            @Option(names = "--name", paramLabel = "NAME", description = "its name on the server (default: the file's own name)") String name,
            @Parameters(paramLabel = "FILE", description = "the file to upload") Path file) throws Exception {
        return client.upload(endpoint.address(), console, file, name);
    }

    @Command(name = "download", description = "§10.2 downloads one of your files into a folder.")
    int download(@Mixin Endpoint endpoint, @Mixin UploadClient.Options client,
            @Option(names = "--to", defaultValue = ".", paramLabel = "FOLDER", description = "folder to put it in (default: the current one)") Path folder,
            @Parameters(paramLabel = "NAME", description = "the file's name on the server") String name) throws Exception {
        return client.download(endpoint.address(), console, name, folder);
    }

    @Command(name = "list", description = "§10.2 lists your files on the server.")
    int list(@Mixin Endpoint endpoint, @Mixin UploadClient.Options client) throws Exception {
        return client.list(endpoint.address(), console);
    }

    @Command(name = "upload-bench", description = "§10.2 upload throughput beside its baselines on loopback (plain socket;"
            + " plain socket + SHA-256 on both ends; writing the file alone); prints a Markdown table.")
    int uploadBench(@Option(names = "--mib", defaultValue = "1024", paramLabel = "MIB", description = "MiB moved by each run (default: ${DEFAULT-VALUE})") long mib,
            @Option(names = "--repeat", defaultValue = "3", paramLabel = "N", description = "runs of each, in rotation (default: ${DEFAULT-VALUE})") int repeat,
            @Option(names = "--dir", defaultValue = "${java.io.tmpdir}", paramLabel = "FOLDER",
                    description = "where the source file and the server's copy go; deleted after (default: ${DEFAULT-VALUE})") Path dir) throws Exception {
        UploadBench.report(mib, repeat, dir, console.out);
        return 0;
    }

    @Command(name = "check", description = "check your own §10.2 upload server or client, in any language, stage by stage:"
            + " check server -- python3 upload_server.py; check client --file FILE -- python3 upload_client.py FILE")
    int check(@Mixin CheckOptions options,
            @Option(names = "--file", paramLabel = "FILE", description = "client stages: the file your client uploads (the same FILE as in COMMAND)") Path file)
            throws Exception {
        return Checker.run(options, UploadStages.all(file), console);
    }
}
