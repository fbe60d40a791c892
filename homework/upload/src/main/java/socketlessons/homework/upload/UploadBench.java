package socketlessons.homework.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import socketlessons.homework.Messages;

/**
 * {@code upload-bench}: how fast an upload is, beside two baselines over the same loopback in
 * the same run: the same number of bytes over a plain socket with nothing else done, and the
 * same with SHA-256 computed on both ends (the real ceiling: an upload must hash on both ends
 * too). Each is run {@code repeat} times in rotation after a warm-up; the medians are reported.
 */
public final class UploadBench {

    /** One row: what was run, and its throughputs in bytes per second, one per repetition. */
    public record Row(String what, double[] bytesPerSecond, double[] cpuSecondsPerGib) {
        public double median() {
            return UploadBench.median(bytesPerSecond);
        }

        public double min() {
            return Arrays.stream(bytesPerSecond).min().orElse(0);
        }

        public double max() {
            return Arrays.stream(bytesPerSecond).max().orElse(0);
        }
    }

    /** The rows, plus where an upload's time went (medians, seconds). */
    public record Result(long bytes, int repeat, double sha256AloneBytesPerSecond, boolean directWrites, Row plain, Row plainSha256,
            Row writeAlone, Row upload, double uploadSendingSeconds, double uploadWaitingForStoredSeconds, String machine) {

        /** What an upload cannot beat: it must hash on both ends and write the file, each of which runs this fast alone. */
        public double ceiling() {
            return Math.min(plainSha256.median(), writeAlone.median());
        }
    }

    private static final int CHUNK = Messages.CHUNK;

    private final long bytes;
    private final int repeat;
    private final Path folder;
    private final Consumer<String> log;
    private boolean directWrites;

    /** @param folder where the source file and the server's copy go (deleted afterwards) */
    public UploadBench(long bytes, int repeat, Path folder, Consumer<String> log) {
        this.bytes = bytes;
        this.repeat = repeat;
        this.folder = folder;
        this.log = log;
    }

    /**
     * {@code upload-bench}: runs it, its progress as {@code # } lines, then prints the Markdown
     * table with the command that made it.
     */
    public static void report(long mib, int repeat, Path dir, PrintWriter out) throws Exception {
        Result result = new UploadBench(mib << 20, repeat, dir, line -> out.println("# " + line)).run();
        String command = "java -jar homework/upload/target/homework-upload.jar upload-bench --mib " + mib + " --repeat " + repeat
                + (dir.toString().equals(System.getProperty("java.io.tmpdir")) ? "" : " --dir " + dir);
        out.println();
        table(result, command).forEach(out::println);
    }

    public Result run() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(folder), "upload-bench");
        try {
            Path source = writeSource(work.resolve("source.bin"));
            try (UploadServer server = new UploadServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new UploadServer.Settings(work.resolve("server"), Long.MAX_VALUE, Duration.ofSeconds(60), 1_000), line -> { });
                 Sink sink = new Sink()) {
                ExecutorService loop = Executors.newSingleThreadExecutor();
                loop.submit(server::serveForever);
                double loadBefore = loadAverage();
                try {
                try (UploadClient register = new UploadClient(server.address(), Duration.ofSeconds(60))) {
                    register.login("bench", "bench-password", true);
                }
                log.accept("warming up (each way once, the upload twice, so the JIT has compiled the loops and SHA-256's intrinsic)");
                plain(sink, false);
                plain(sink, true);
                writeAlone(work.resolve("write-alone.bin"));
                upload(server, source, new double[2]);
                upload(server, source, new double[2]); // twice: the upload has more code for the JIT to compile than the baselines' loops

                double[][] cpu = new double[4][repeat]; // this process's CPU seconds per GiB moved, per kind of run
                double[] plain = new double[repeat];
                double[] plainSha = new double[repeat];
                double[] write = new double[repeat];
                double[] upload = new double[repeat];
                double[] sending = new double[repeat];
                double[] waiting = new double[repeat];
                for (int i = 0; i < repeat; i++) { // rotated, so a slow moment of the machine hits each alike
                    long cpuBefore = cpuNanos();
                    plain[i] = bytes / plain(sink, false);
                    cpuBefore = perGib(cpu[0], i, cpuBefore);
                    plainSha[i] = bytes / plain(sink, true);
                    cpuBefore = perGib(cpu[1], i, cpuBefore);
                    write[i] = bytes / writeAlone(work.resolve("write-alone.bin"));
                    cpuBefore = perGib(cpu[2], i, cpuBefore);
                    double[] split = new double[2];
                    upload[i] = bytes / upload(server, source, split);
                    perGib(cpu[3], i, cpuBefore);
                    sending[i] = split[0];
                    waiting[i] = split[1];
                    log.accept(String.format(Locale.ROOT, "round %d of %d: plain %.0f MB/s, plain + SHA-256 %.0f MB/s, writing alone %.0f MB/s,"
                            + " upload %.0f MB/s", i + 1, repeat, plain[i] / 1e6, plainSha[i] / 1e6, write[i] / 1e6, upload[i] / 1e6));
                }
                return new Result(bytes, repeat, sha256Alone(), directWrites, new Row("plain socket, nothing else done", plain, cpu[0]),
                        new Row("plain socket, SHA-256 on both ends", plainSha, cpu[1]),
                        new Row("writing the file alone (1 MiB appends as the upload makes them, fsync)", write, cpu[2]),
                        new Row("upload (file read, SHA-256, send / receive, SHA-256, write, fsync, rename)", upload, cpu[3]),
                        median(sending), median(waiting), machine(loadBefore, loadAverage()));
                } finally {
                    server.close();
                    loop.shutdownNow();
                }
            }
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The system's load average over the last minute, or -1 where the system does not tell (Windows). */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * What the figures depend on beside the code: the cores, the JDK, and how busy the machine
     * was (other programs take cores from the upload and its baselines alike, but not equally).
     */
    private static String machine(double loadBefore, double loadAfter) {
        String load = loadBefore < 0 ? "load average not available here"
                : String.format(Locale.ROOT, "load average %.2f at the start, %.2f at the end", loadBefore, loadAfter);
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", " + load;
    }

    /** CPU time of this whole process so far (every thread: client, server, baselines), in nanoseconds. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Stores the CPU seconds per GiB since {@code before} in {@code into[i]}; returns now. */
    private long perGib(double[] into, int i, long before) {
        long now = cpuNanos();
        into[i] = (now - before) / 1e9 / (bytes / (double) (1L << 30));
        return now;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Random bytes (so no layer can compress or skip them), written in chunks. */
    private Path writeSource(Path file) throws IOException {
        log.accept("writing a " + Progress.bytes(bytes) + " source file in " + file.getParent());
        Random random = new Random(1);
        byte[] chunk = new byte[CHUNK];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, left)));
            }
        }
        return file;
    }

    /** Seconds for {@code bytes} from memory over a plain socket to a reader that answers when it has them all. */
    private double plain(Sink sink, boolean sha256) throws Exception {
        byte[] chunk = new byte[CHUNK];
        new Random(2).nextBytes(chunk);
        MessageDigest digest = UploadStore.sha256();
        long start = System.nanoTime();
        Future<byte[]> received = sink.expect(bytes, sha256);
        try (Socket socket = new Socket()) {
            socket.connect(sink.address(), 10_000);
            OutputStream out = socket.getOutputStream();
            for (long left = bytes; left > 0; left -= chunk.length) {
                int n = (int) Math.min(chunk.length, left);
                if (sha256) {
                    digest.update(chunk, 0, n);
                }
                out.write(chunk, 0, n);
            }
            socket.shutdownOutput();
            byte[] theirs = received.get(10, TimeUnit.MINUTES);
            if (sha256 && !Arrays.equals(theirs, digest.digest())) {
                throw new IOException("the baseline's two SHA-256s differ");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Seconds for a whole upload (login to "stored"); {@code split} gets [sending, waiting for "stored"]. */
    private double upload(UploadServer server, Path source, double[] split) throws IOException {
        long start = System.nanoTime();
        long[] sent = new long[1];
        try (UploadClient client = new UploadClient(server.address(), Duration.ofMinutes(5))) {
            client.login("bench", "bench-password", false);
            // A progress that prints nothing; its clock is read at each chunk handed to the socket, the last time after the last one.
            client.upload(source, "copy.bin", new Progress(new java.io.PrintWriter(java.io.Writer.nullWriter()), false, () -> {
                sent[0] = System.nanoTime();
                return sent[0];
            }));
        }
        long end = System.nanoTime();
        split[0] = (sent[0] - start) / 1e9;
        split[1] = (end - sent[0]) / 1e9;
        Files.delete(server.store().folderOf("bench").resolve("copy.bin"));
        return (end - start) / 1e9;
    }

    /** SHA-256 alone, in memory, on one thread: bytes per second. */
    private double sha256Alone() {
        byte[] chunk = new byte[CHUNK];
        new Random(3).nextBytes(chunk);
        MessageDigest digest = UploadStore.sha256();
        // 256 MiB, or what each run moves when that is less: a small --mib is a quick look, and
        // 256 MiB of SHA-256 without its intrinsic (a JVM running C1 alone, as the tests do) takes seconds.
        long total = Math.min(256L << 20, Math.max(bytes, chunk.length));
        long start = System.nanoTime();
        for (long done = 0; done < total; done += chunk.length) {
            digest.update(chunk);
        }
        digest.digest();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Seconds for writing alone, no network, no hash: {@code bytes} into a new file in appends of
     * the server's buffer size through the server's own {@link FileAppender} (around the page
     * cache where it can), then forced to disk, as the server does. Where the disk is slower
     * than the network and the hash, this and not they bounds an upload.
     */
    private double writeAlone(Path file) throws IOException {
        byte[] chunk = new byte[Pipeline.BUFFER_SIZE];
        new Random(4).nextBytes(chunk);
        long start = System.nanoTime();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
             FileAppender appender = new FileAppender(file, out, 0, chunk.length)) {
            directWrites = appender.isDirect();
            for (long left = bytes; left > 0; left -= chunk.length) {
                appender.append(chunk, (int) Math.min(chunk.length, left));
            }
            appender.finish();
            out.force(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        return seconds;
    }

    /** The baselines' receiver: reads everything, hashing it or not, and answers with the digest (or one byte). */
    private static final class Sink implements AutoCloseable {
        private final ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService thread = Executors.newSingleThreadExecutor();

        Sink() throws IOException {
        }

        InetSocketAddress address() {
            return (InetSocketAddress) listening.getLocalSocketAddress();
        }

        Future<byte[]> expect(long bytes, boolean sha256) {
            return thread.submit(() -> {
                try (Socket conn = listening.accept()) {
                    MessageDigest digest = UploadStore.sha256();
                    InputStream in = conn.getInputStream();
                    byte[] buffer = new byte[CHUNK];
                    long got = 0;
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        if (sha256) {
                            digest.update(buffer, 0, n);
                        }
                        got += n;
                    }
                    if (got != bytes) {
                        throw new IOException("the baseline received " + got + " of " + bytes + " bytes");
                    }
                    byte[] answer = sha256 ? digest.digest() : new byte[1];
                    conn.getOutputStream().write(answer);
                    return answer;
                }
            });
        }

        @Override
        public void close() throws IOException {
            listening.close();
            thread.shutdownNow();
        }
    }

    /** The Markdown table the command prints. */
    public static List<String> table(Result result, String command) {
        List<String> lines = new ArrayList<>();
        lines.add("command: `" + command + "`");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%s moved %d times each, in rotation, after a warm-up (%s; SHA-256 alone on one core: %.0f MB/s;"
                + " files written %s)."
                + " The ceiling is the lower of the two baselines an upload cannot beat, plain + SHA-256 and writing alone: %.0f MB/s.",
                Progress.bytes(result.bytes()), result.repeat(), result.machine(), result.sha256AloneBytesPerSecond() / 1e6,
                result.directWrites() ? "around the page cache, O_DIRECT" : "through the page cache, O_DIRECT refused here",
                result.ceiling() / 1e6));
        lines.add("");
        lines.add("| run | MB/s (median) | min–max | of the ceiling | CPU s per GiB (median) |");
        lines.add("|---|---:|---:|---:|---:|");
        for (Row row : List.of(result.plain(), result.plainSha256(), result.writeAlone(), result.upload())) {
            lines.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %.0f%% | %.2f |", row.what(), row.median() / 1e6,
                    row.min() / 1e6, row.max() / 1e6, 100 * row.median() / result.ceiling(), median(row.cpuSecondsPerGib())));
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "The upload's median is %.2fx the ceiling. An upload's time (medians): %.2f s until its last byte"
                + " was handed to the socket, then %.2f s until \"stored\" (the server reads what is still in flight, hashes and writes it,"
                + " forces the file to disk, renames it).", result.upload().median() / result.ceiling(),
                result.uploadSendingSeconds(), result.uploadWaitingForStoredSeconds()));
        return lines;
    }
}
