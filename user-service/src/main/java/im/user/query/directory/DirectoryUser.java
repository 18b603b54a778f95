package im.user.query.directory;

import java.time.Instant;

/**
 * A row of the user directory. Carries the password hash for the login check only; {@link #toString()} leaves it
 * out so it cannot reach a log by accident.
 *
 * @param id        the legacy integer id
 * @param avatarUrl an avatar kept as a link (imported, issue 6); empty: none
 * @param deletedAt when the account was deleted; {@code null} while it exists
 */
public record DirectoryUser(long id, String uuid, String username, String nickname, String avatar, String avatarUrl,
                            String email, String passwordHash, Instant createdAt, Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }

    /** An imported account may have none (empty hash): no password matches until one is set. */
    public boolean hasPassword() {
        return passwordHash != null && !passwordHash.isEmpty();
    }

    @Override
    public String toString() {
        return "DirectoryUser[id=" + id + ", uuid=" + uuid + ", username=" + username + "]";
    }
}
