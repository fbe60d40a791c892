package socketlessons.homework.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import socketlessons.sticky.HeaderCodec;

/**
 * The classroom's §10 upload server, kept as it was to show what goes wrong:
 * <ul>
 *   <li>it writes the file where the client's name says: {@code os.path.join(folder, filename)}
 *       with {@code ../../x} lands two folders above the upload folder;</li>
 *   <li>it counts the body down with {@code conn.recv(1024)}, each read taking up to 1024 bytes
 *       whatever is left of the body: when the MD5 behind the body has already arrived, the last
 *       read swallows it into the file, and the MD5 read after the loop finds nothing.</li>
 * </ul>
 * {@link UploadService} is the fixed one.
 */
public final class ClassroomUploadServer {

    private ClassroomUploadServer() {
    }

    /** What the classroom server saw of one upload. */
    public record Received(Path file, long bytesWritten, String md5Received, boolean md5Matches) {
    }

    /** Receives one upload from {@code conn} into {@code folder}, the classroom's way. */
    public static Received receive(Socket conn, Path folder) throws IOException, NoSuchAlgorithmException {
        InputStream in = conn.getInputStream();
        HeaderCodec.FileHeader header = new HeaderCodec(ByteOrder.LITTLE_ENDIAN).readHeader(in);
        Path path = folder.resolve(header.filename()); // os.path.join(folder, filename): the client picks the place
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long filesize = header.filesize();
        long written = 0;
        try (OutputStream f = Files.newOutputStream(path)) {
            byte[] buf = new byte[1024];
            while (filesize > 0) {
                int n = in.read(buf); // conn.recv(1024): up to 1024 bytes, the body's or whatever comes after it
                if (n == -1) {
                    break;
                }
                f.write(buf, 0, n);
                md5.update(buf, 0, n);
                filesize -= n;
                written += n;
            }
        }
        String theirs = new String(in.readNBytes(32), StandardCharsets.US_ASCII); // conn.recv(32): the MD5, if still there
        return new Received(path, written, theirs, theirs.equals(HexFormat.of().formatHex(md5.digest())));
    }

    /** {@code ClassroomUploadServer [FOLDER [PORT]]}: receives uploads one after another into FOLDER (default uploads). */
    public static void main(String[] args) throws Exception {
        Path folder = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "uploads"));
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9000;
        try (ServerSocket sk = new ServerSocket()) {
            sk.bind(new InetSocketAddress("127.0.0.1", port));
            System.out.println("listening on 127.0.0.1:" + sk.getLocalPort());
            while (true) {
                try (Socket conn = sk.accept()) {
                    Received got = receive(conn, folder);
                    System.out.println("saved " + got.file().normalize() + " (" + got.bytesWritten() + " bytes), MD5 "
                            + (got.md5Matches() ? "matches" : "does not match: received \"" + got.md5Received() + "\""));
                }
            }
        }
    }
}
