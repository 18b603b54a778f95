package im.user.web;

import im.user.query.directory.DirectoryUser;
import java.time.format.DateTimeFormatter;

/**
 * The legacy user object: {@code id, uuid, username, nickname, avatar, email, createdAt} (RFC 3339, UTC). There
 * is deliberately no password key. {@code email} is filled only for the user themself.
 */
public record UserView(long id, String uuid, String username, String nickname, String avatar, String email,
                       String createdAt) {

    /** What a search miss answers: every key present, every value empty. */
    public static final UserView EMPTY = new UserView(0, "", "", "", "", "", "");

    /** The full object, for the user themself. */
    public static UserView self(DirectoryUser user) {
        return new UserView(user.id(), user.uuid(), user.username(), user.nickname(), user.avatar(), user.email(),
                DateTimeFormatter.ISO_INSTANT.format(user.createdAt()));
    }

    /** The public profile, for anyone else: no e-mail. */
    public static UserView publicProfile(DirectoryUser user) {
        return new UserView(user.id(), user.uuid(), user.username(), user.nickname(), user.avatar(), "",
                DateTimeFormatter.ISO_INSTANT.format(user.createdAt()));
    }

    /** The profile as {@code viewerUuid} may see it. */
    public static UserView seenBy(DirectoryUser user, String viewerUuid) {
        return user.uuid().equals(viewerUuid) ? self(user) : publicProfile(user);
    }
}
