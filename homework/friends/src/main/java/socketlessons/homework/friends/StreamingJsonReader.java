package socketlessons.homework.friends;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON objects one after another from a byte stream, however they were cut or glued:
 * the parser, not {@code recv}, decides where an object ends. This lets our server accept the
 * notes' unframed client unchanged (the fix for lesson04's {@link socketlessons.sticky.UnframedJsonReader}).
 *
 * <p>Two more things a stranger's bytes must not do. Block an answer: Jackson's byte parser
 * reads 4 bytes before the first token to guess the encoding (UTF-8, -16 or -32), so a first
 * message of 2 bytes ({@code {}}) waited for more; we decode UTF-8 ourselves and hand Jackson
 * characters, which it parses as soon as they arrive. And take all memory: one object of
 * millions of small fields ({@code {"a":1,"b":1,...}}) is built only up to {@link #MAX_VALUES}
 * values and {@link #MAX_OBJECT_CHARS} characters, then refused.
 */
public final class StreamingJsonReader {

    /** No message of this chat needs more; a longer string is refused, not buffered. */
    static final int MAX_STRING_CHARS = 64 * 1024;
    /** Fields and array elements in one message, all levels together: a message has two. */
    static final int MAX_VALUES = 1_000;
    /** Characters of one message: a 64 K string and some room around it. */
    static final int MAX_OBJECT_CHARS = 128 * 1024;
    static final int MAX_DEPTH = 16;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonParser parser;
    private long start;
    private int values;

    public StreamingJsonReader(InputStream in) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING_CHARS).maxNestingDepth(MAX_DEPTH).build());
        // Characters, not bytes: no 4-byte encoding guess before the first token. The decoder
        // refuses bytes that are not UTF-8 (MalformedInputException) instead of guessing.
        // The parser keeps what it read past one object in its buffer, for the next call.
        this.parser = mapper.getFactory().createParser(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
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
        start = parser.currentTokenLocation().getCharOffset();
        values = 0;
        return readObject();
    }

    private ObjectNode readObject() throws IOException {
        ObjectNode object = NODES.objectNode();
        while (nextWithinLimits() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            object.set(name, readValue(nextWithinLimits()));
        }
        return object;
    }

    private ArrayNode readArray() throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken token = nextWithinLimits(); token != JsonToken.END_ARRAY; token = nextWithinLimits()) {
            array.add(readValue(token));
        }
        return array;
    }

    private JsonNode readValue(JsonToken token) throws IOException {
        if (++values > MAX_VALUES) {
            throw new JsonParseException(parser, "a message of more than " + MAX_VALUES + " values");
        }
        return switch (token) {
            case START_OBJECT -> readObject();
            case START_ARRAY -> readArray();
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "unexpected " + token);
        };
    }

    /** The next token; refuses a message grown past {@link #MAX_OBJECT_CHARS}, and a stream that ends inside one. */
    private JsonToken nextWithinLimits() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new JsonParseException(parser, "Unexpected end-of-input inside a message");
        }
        if (parser.currentLocation().getCharOffset() - start > MAX_OBJECT_CHARS) {
            throw new JsonParseException(parser, "a message of more than " + MAX_OBJECT_CHARS + " characters");
        }
        return token;
    }
}
