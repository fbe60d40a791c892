package socketlessons.homework.friends;

/**
 * One row of the §10.1 "qq号记录表": a friend's number, name, and the ANSI colour of their name.
 *
 * @param id the number the client sends in {@code "id"} (the course: {@code '12345'})
 * @param name shown before each message
 * @param color an ANSI SGR code such as {@code "31"} (red); printed as {@code ESC[31m}
 */
public record Friend(String id, String name, String color) {
}
