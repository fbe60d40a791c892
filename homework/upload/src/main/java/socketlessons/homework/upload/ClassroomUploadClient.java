package socketlessons.homework.upload;

import java.io.IOException;
import java.io.OutputStream;
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
 * The classroom's §10 upload client, kept as it was to show what goes wrong (run it with a
 * file bigger than the heap: {@code java -Xmx32m ...}). It reads the whole file into memory
 * to send it and to take its MD5 ({@code content = f.read()}), then sends the course's §6
 * header ({@code struct.pack('i', len(header))}, the JSON header), the body, and the 32
 * characters of the MD5 after it. {@link UploadClient} is the fixed one.
 */
public final class ClassroomUploadClient {

    private ClassroomUploadClient() {
    }

    /** Sends {@code file} to the classroom server at host:port under the name {@code filename}. */
    public static void upload(String host, int port, Path file, String filename) throws IOException, NoSuchAlgorithmException {
        try (Socket sk = new Socket(host, port)) {
            byte[] content = Files.readAllBytes(file); // content = f.read(): the whole file in memory at once
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
            OutputStream out = sk.getOutputStream();
            // struct.pack('i', ...) is the machine's byte order: little-endian on the classroom's PCs
            new HeaderCodec(ByteOrder.LITTLE_ENDIAN).writeHeader(out, new HeaderCodec.FileHeader(filename, content.length));
            out.write(content);
            out.write(md5.getBytes(StandardCharsets.US_ASCII)); // sk.send(md5.encode()): right behind the body
        }
    }

    /** {@code ClassroomUploadClient [FILE [HOST [PORT]]]}; with no arguments it sends a small file of its own. */
    public static void main(String[] args) throws Exception {
        Path file;
        if (args.length > 0) {
            file = Path.of(args[0]);
        } else {
            file = Files.createTempFile("classroom-upload", ".txt");
            Files.writeString(file, "hello from the classroom client\n");
        }
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 9000;
        upload(host, port, file, file.getFileName().toString());
        System.out.println("sent " + file + " (" + Files.size(file) + " bytes) and its MD5");
    }
}
