package socketlessons.sticky;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import socketlessons.basics.PeerText;
import socketlessons.basics.cli.Cli;

/**
 * {@code receive-file}: the course's header pattern, receiving side. It reads the header,
 * then exactly {@code filesize} bytes into a temporary name, and renames only when every
 * byte is there, so a half-received file never shows under its real name.
 *
 * <p>Senders are served one after another. One that sends a bad header, or vanishes inside
 * the body, is logged and closed, and does not count; the next one is served. (The
 * homework's upload adds a SHA-256, login, resume and a refusal of extra bytes.)
 */
public final class FileReceiver implements AutoCloseable {

    /** A sender silent for this long is hung up on. */
    static final int IDLE_TIMEOUT_MILLIS = 60_000;

    private final ServerSocket serverSocket;
    private final Path folder;
    private final HeaderCodec headers;
    private final Consumer<String> log;

    /** Listens at host:port for senders; creates {@code folder} if it does not exist yet. */
    public FileReceiver(String host, int port, Path folder, ByteOrder order, Consumer<String> log) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.headers = new HeaderCodec(order);
        this.log = log;
        this.serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    public static void main(String[] args) {
        Launcher.main(Cli.prepend("receive-file", args));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** {@code receive-file}: {@link #receive(int, Function)}, telling each file's name and size and its progress on {@code out}. */
    public List<Path> receive(int files, PrintWriter out, boolean terminal) throws IOException {
        return receive(files, header -> {
            out.println("receiving " + PeerText.quote(header.filename()) + " (" + header.filesize() + " bytes)");
            return new Progress(out, header.filesize(), terminal);
        });
    }

    /**
     * Accepts senders until {@code files} files have arrived whole.
     *
     * @param progress given the header, what to tell as the body arrives
     * @return where the files landed, in order
     */
    public List<Path> receive(int files, Function<HeaderCodec.FileHeader, LongConsumer> progress) throws IOException {
        List<Path> saved = new ArrayList<>();
        while (saved.size() < files) {
            try (Socket conn = serverSocket.accept()) {
                String peer = conn.getInetAddress().getHostAddress() + ":" + conn.getPort();
                try {
                    conn.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                    Path file = receive(conn, progress);
                    // The name came from the peer: quoted, so a newline or an escape sequence in it cannot forge a line.
                    log.accept("received " + PeerText.quote(file.getFileName().toString()) + " in " + folder
                            + " (" + Files.size(file) + " bytes)");
                    saved.add(file);
                } catch (FrameException e) {
                    log.accept("closing " + peer + ": " + e.getMessage());
                } catch (SocketTimeoutException e) {
                    log.accept("closing " + peer + ": silent for " + IDLE_TIMEOUT_MILLIS / 1000 + " s");
                } catch (IOException e) {
                    log.accept("lost " + peer + ": " + e);
                }
            }
        }
        return saved;
    }

    /** Receives one file on a connected socket; returns where it landed. */
    public Path receive(Socket conn, Function<HeaderCodec.FileHeader, LongConsumer> progress) throws IOException {
        InputStream in = new BufferedInputStream(conn.getInputStream(), HeaderCodec.CHUNK);
        HeaderCodec.FileHeader header = headers.readHeader(in);
        if (header == null) {
            throw new FrameException("the sender closed before sending a header");
        }
        Path target = folder.resolve(safeName(header.filename()));
        Path partial = Files.createTempFile(folder, target.getFileName() + ".", ".part");
        try {
            LongConsumer told = progress.apply(header);
            told.accept(0);
            try (OutputStream file = Files.newOutputStream(partial)) {
                HeaderCodec.copyBody(in, file, header.filesize(), told);
            }
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Only the last part of the name: a name like ../../x must not leave the folder. Control and
     * invisible format characters (a newline, ESC, a bidi override) are refused: Windows forbids
     * them in names, and elsewhere they make a name that lies on the screen.
     */
    static String safeName(String announced) throws FrameException {
        Path name;
        try {
            name = Path.of(announced).getFileName();
        } catch (InvalidPathException e) {
            throw new FrameException("unusable file name: " + PeerText.quote(announced));
        }
        if (name == null || name.toString().isBlank() || name.toString().equals("..") || name.toString().equals(".")
                || announced.chars().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new FrameException("unusable file name: " + PeerText.quote(announced));
        }
        return name.toString();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
