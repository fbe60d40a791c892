package socketlessons.auth;

import picocli.CommandLine.Option;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the shared key comes from: a file, or an environment variable. Never a literal in the
 * code: the course's {@code secret_key = b'alexsb'} is in every copy of the program and in the
 * repository's history, cannot be changed without a new release, and is the same for
 * everybody who ever ran it.
 */
public final class SecretKeys {

    /** The environment variable read when no key file is given. */
    public static final String ENVIRONMENT_VARIABLE = "SOCKET_LESSONS_KEY";

    private SecretKeys() {
    }

    /**
     * Writes a new random key (32 bytes from SecureRandom, as 64 hex digits) to {@code file}
     * when it does not exist, readable by its owner only where the file system says who.
     *
     * @return true when it wrote one
     */
    public static boolean makeIfMissing(Path file) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        String key = HexFormat.of().formatHex(ChallengeResponse.newChallenge()) + "\n";
        Files.writeString(file, key, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return true;
    }

    /** The key from {@code file} if given, else from {@value #ENVIRONMENT_VARIABLE}; its bytes, trailing newline dropped. */
    public static byte[] load(Path file, Map<String, String> environment) throws IOException {
        String text;
        String from;
        if (file != null) {
            text = Files.readString(file, StandardCharsets.UTF_8);
            from = file.toString();
        } else {
            text = environment.get(ENVIRONMENT_VARIABLE);
            from = "$" + ENVIRONMENT_VARIABLE;
            if (text == null) {
                throw new IOException("no key: give --key-file FILE or set " + ENVIRONMENT_VARIABLE);
            }
        }
        text = text.strip();
        if (text.isEmpty()) {
            throw new IOException("the key in " + from + " is empty");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Where the §8 key comes from: the launcher's {@code --key-file} and {@code --digest} (a picocli mixin). */
    public static final class Options {
        @Option(names = "--key-file", description = "file holding the shared key (default: the environment variable " + SecretKeys.ENVIRONMENT_VARIABLE + ")")
        public Path file;

        @Option(names = "--digest", paramLabel = "DIGEST", defaultValue = "sha256",
                description = "${COMPLETION-CANDIDATES} (any case); md5 is the course's wire form, for its Python client (default: ${DEFAULT-VALUE})")
        public Digest digest;

        public byte[] load() throws IOException {
            return SecretKeys.load(file, System.getenv());
        }
    }
}
