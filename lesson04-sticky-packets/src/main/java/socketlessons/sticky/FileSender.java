package socketlessons.sticky;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import socketlessons.basics.cli.Cli;

/**
 * {@code send-file}: the course's header pattern, sending side. The length of a JSON header,
 * the header ({@code {"filename", "filesize"}}), then the file in 64 KiB chunks, never held
 * whole in memory. The same bytes as the course's classroom client when the byte order is
 * little.
 */
public final class FileSender {

    private final HeaderCodec headers;

    public FileSender(ByteOrder order) {
        this.headers = new HeaderCodec(order);
    }

    /**
     * Run from an IDE: the same as {@code java -jar lesson04-sticky-packets.jar send-file FILE}.
     * With no arguments it sends the notes' sample, a {@code notes.txt} it writes in a temporary folder.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            Path sample = writeSample(Files.createTempDirectory("send-file"));
            System.out.println("no FILE given: sending the notes' sample, " + sample);
            args = new String[] {sample.toString()};
        }
        Launcher.main(Cli.prepend("send-file", args));
    }

    /** The notes' {@code notes.txt}: "粘包 " 100,000 times, 700,000 bytes of UTF-8. */
    static Path writeSample(Path folder) throws IOException {
        return Files.writeString(folder.resolve("notes.txt"), "粘包 ".repeat(100_000), StandardCharsets.UTF_8);
    }

    /** {@code send-file}: sends {@code file} with a progress line on {@code out}, then says what it sent. */
    public void sendShowingProgress(String host, int port, Path file, PrintWriter out, boolean terminal) throws IOException {
        long size = Files.size(file); // a missing file fails here, before we connect
        Progress progress = new Progress(out, size, terminal);
        progress.accept(0);
        send(host, port, file, progress);
        out.println("sent " + file.getFileName() + " (" + size + " bytes)");
    }

    /** Connects, sends {@code file}, and waits until the receiver has taken it all and closed. */
    public void send(String host, int port, Path file, LongConsumer progress) throws IOException {
        try (Socket sk = new Socket()) {
            sk.connect(new InetSocketAddress(host, port), 5_000);
            sk.setSoTimeout(60_000);
            send(sk, file, progress);
            sk.shutdownOutput(); // FIN: nothing more comes from us
            sk.getInputStream().read(); // the receiver closes once it has every byte (or gave up)
        }
    }

    /** Writes header and body on a connected socket. */
    public void send(Socket socket, Path file, LongConsumer progress) throws IOException {
        long size = Files.size(file);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), HeaderCodec.CHUNK);
        headers.writeHeader(out, new HeaderCodec.FileHeader(file.getFileName().toString(), size));
        try (InputStream in = Files.newInputStream(file)) {
            HeaderCodec.copyBody(in, out, size, progress);
        }
        out.flush();
    }
}
