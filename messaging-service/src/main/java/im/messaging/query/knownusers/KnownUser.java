package im.messaging.query.knownusers;

import java.time.Instant;

/**
 * A user as messaging-service knows it from user-service's events.
 *
 * @param deletedAt when the account was deleted, null while it exists
 */
public record KnownUser(String uuid, String username, String nickname, String avatar, Instant deletedAt) {

    /** What history shows instead of a deleted sender's name. */
    public static final String DELETED_USERNAME = "Deleted account";

    public KnownUser(String uuid, String username, String nickname, String avatar) {
        this(uuid, username, nickname, avatar, null);
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
