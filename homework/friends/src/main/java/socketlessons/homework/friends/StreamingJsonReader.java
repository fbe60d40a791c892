package socketlessons.homework.friends;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads JSON objects one after another from a byte stream, however they were cut or glued:
 * the parser, not {@code recv}, decides where an object ends. This lets our server accept the
 * notes' unframed client unchanged (the fix for lesson04's {@link socketlessons.sticky.UnframedJsonReader}).
 */
public final class StreamingJsonReader {

    /** No message of this chat needs more; a longer string is refused, not buffered. */
    static final int MAX_STRING_CHARS = 64 * 1024;

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonParser parser;

    public StreamingJsonReader(InputStream in) throws IOException {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING_CHARS).maxNestingDepth(16).build());
        // The parser keeps what it read past one object in its buffer, for the next call.
        this.parser = mapper.getFactory().createParser(in);
    }

    /** The next object, or null when the stream ends cleanly between objects. */
    public JsonNode next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, "expected a JSON object, got " + token);
        }
        return mapper.readTree(parser);
    }
}
