package socketlessons.sticky;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * §6.1 粘包 meets JSON, the way the course's §10.1 server reads: one {@code recv(1024)} is
 * taken to be one message, and the whole read goes to {@code json.loads}. Two messages that
 * arrive together make one read of {@code {...}{...}}, and the parser refuses the second
 * object (Python: "Extra data"). Kept to show the failure: a length prefix (here) or a
 * streaming parser (the homework) is the fix.
 */
public final class UnframedJsonReader {

    // Python's json.loads refuses anything after the first value; so does this mapper.
    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** {@code json.loads(conn.recv(1024).decode('utf-8'))}; null at end of stream. */
    public JsonNode next(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        int n = in.read(buf);
        if (n == -1) {
            return null;
        }
        return strict.readTree(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
    }
}
