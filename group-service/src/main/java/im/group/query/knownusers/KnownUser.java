package im.group.query.knownusers;

/** A user as group-service knows it from user-service's events. */
public record KnownUser(String uuid, String username, String nickname, String avatar) {
}
