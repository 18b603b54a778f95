package im.user.api;

import java.time.Instant;

/** The account was deleted; {@code username} is the name it had, free again from now on. */
public record UserDeleted(String uuid, String username, Instant deletedAt) {
}
