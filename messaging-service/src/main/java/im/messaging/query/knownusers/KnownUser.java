package im.messaging.query.knownusers;

/** A user as messaging-service knows it from user-service's events. */
public record KnownUser(String uuid, String username, String nickname, String avatar) {
}
