package im.messaging.query.groups;

import java.time.Instant;

/**
 * A user's membership of a group (one row per group and user, kept across leaving and re-joining).
 *
 * @param joinedAt when they last joined
 * @param leftAt   when they last left or were removed (kept across re-joins: their history window starts there);
 *                 null if never
 */
public record GroupMember(String groupUuid, String userUuid, boolean active, Instant joinedAt, Instant leftAt) {
}
