package im.user.web;

import im.user.query.directory.DirectoryUser;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The legacy user object: {@code id, uuid, username, nickname, avatar, avatarUrl, email, createdAt, deletedAt}
 * (RFC 3339, UTC; {@code deletedAt} is {@code null} unless the account was deleted). There is deliberately no password
 * key. {@code email} is filled only for the user themself. {@code avatar} is a stored file name (clients show
 * {@code /file/<avatar>}); {@code avatarUrl} (a superset key, issue 6) is an imported avatar kept as an http(s) link,
 * {@code ""} if none: a client that knows it may show it when {@code avatar} is empty.
 */
public record UserView(long id, String uuid, String username, String nickname, String avatar, String avatarUrl,
                       String email, String createdAt, String deletedAt) {

    /** What a search miss (and a deleted account's details) answers: every key present, every value empty. */
    public static final UserView EMPTY = new UserView(0, "", "", "", "", "", "", "", null);

    /** The full object, for the user themself. */
    public static UserView self(DirectoryUser user) {
        return new UserView(user.id(), user.uuid(), user.username(), user.nickname(), user.avatar(),
                user.avatarUrl(), user.email(), time(user.createdAt()), time(user.deletedAt()));
    }

    /** The public profile, for anyone else: no e-mail. */
    public static UserView publicProfile(DirectoryUser user) {
        return new UserView(user.id(), user.uuid(), user.username(), user.nickname(), user.avatar(),
                user.avatarUrl(), "", time(user.createdAt()), time(user.deletedAt()));
    }

    /** The profile as {@code viewerUuid} may see it. */
    public static UserView seenBy(DirectoryUser user, String viewerUuid) {
        return user.uuid().equals(viewerUuid) ? self(user) : publicProfile(user);
    }

    private static String time(Instant at) {
        return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
