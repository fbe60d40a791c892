package socketlessons.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
