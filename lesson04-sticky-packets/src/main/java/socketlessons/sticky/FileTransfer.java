package socketlessons.sticky;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongConsumer;

/**
 * {@code send-file} and {@code receive-file}: the header pattern moving one file. The body
 * streams in 64 KiB chunks; the receiver writes to a temporary name and renames only once
 * every announced byte is there, so a half-received file never shows under its real name.
 * (The homework's upload adds names checked for escapes, a SHA-256, login and resume.)
 */
public final class FileTransfer {

    private final HeaderCodec headers;

    public FileTransfer(ByteOrder order) {
        this.headers = new HeaderCodec(order);
    }

    public void send(Socket socket, Path file, LongConsumer progress) throws IOException {
        long size = Files.size(file);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), HeaderCodec.CHUNK);
        headers.writeHeader(out, new HeaderCodec.FileHeader(file.getFileName().toString(), size));
        try (InputStream in = Files.newInputStream(file)) {
            HeaderCodec.copyBody(in, out, size, progress);
        }
        out.flush();
    }

    /** Receives one file into {@code folder}; returns where it landed. */
    public Path receive(Socket socket, Path folder, LongConsumer progress) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream(), HeaderCodec.CHUNK);
        HeaderCodec.FileHeader header = headers.readHeader(in);
        if (header == null) {
            throw new FrameException("the sender closed before sending a header");
        }
        // Only the last part of the name: a name like ../../x must not leave the folder.
        Path name = Path.of(header.filename()).getFileName();
        if (name == null || name.toString().isBlank() || name.toString().equals("..")) {
            throw new FrameException("unusable file name: " + header.filename());
        }
        Path target = folder.resolve(name.toString());
        Path partial = Files.createTempFile(folder, name + ".", ".part");
        try {
            try (OutputStream file = Files.newOutputStream(partial)) {
                HeaderCodec.copyBody(in, file, header.filesize(), progress);
            }
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The receiving side's socket: listens once, for one sender. */
    public static ServerSocket listen(String host, int port) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(host, port), 50);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        return serverSocket;
    }
}
