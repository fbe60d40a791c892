package socketlessons.homework.friends;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's table of friends, by number. The notes' {@code color_dict} is the default; a
 * JSON file ({@code [{"id": "12345", "name": "alex", "color": "31"}, ...]}) replaces it.
 */
public final class FriendBook {

    private final Map<String, Friend> byId = new LinkedHashMap<>();

    public FriendBook(List<Friend> friends) {
        for (Friend friend : friends) {
            if (friend.id() == null || friend.name() == null || friend.color() == null) {
                throw new IllegalArgumentException("a friend needs an id, a name and a color: " + friend);
            }
            if (!friend.color().matches("[0-9;]{1,16}")) {
                throw new IllegalArgumentException("color of " + friend.id() + " is not an ANSI code such as 31: " + friend.color());
            }
            byId.put(friend.id(), friend);
        }
    }

    /** The notes' two friends: 12345 alex in red ({@code \033[31m}), 12346 sia in yellow ({@code \033[33m}). */
    public static FriendBook course() {
        return new FriendBook(List.of(new Friend("12345", "alex", "31"), new Friend("12346", "sia", "33")));
    }

    public static FriendBook load(Path file) throws IOException {
        try {
            List<Friend> friends = new ObjectMapper().readValue(file.toFile(), new TypeReference<List<Friend>>() { });
            return new FriendBook(friends);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The friend with this number, if we know them (the notes' server raised KeyError instead). */
    public Optional<Friend> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
