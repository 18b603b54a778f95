package im.messaging.query.groups;

import java.time.Instant;

/**
 * A user's membership of a group (one row per group and user, kept across leaving and re-joining).
 *
 * @param joinedAt when they last joined
 * @param leftAt   when they last left or were removed (kept across re-joins); null if never
 * @param role     {@code owner}, {@code admin} or {@code member}
 */
public record GroupMember(String groupUuid, String userUuid, boolean active, Instant joinedAt, Instant leftAt,
                          String role) {

    /** Whether they moderate the group (an admin or the owner). */
    public boolean moderator() {
        return "owner".equals(role) || "admin".equals(role);
    }

    /**
     * Where this member's view of the group history starts: the whole history for a member who never left (like a
     * first joiner in the legacy servers), else their current membership's join time. A member who left and came
     * back sees neither what was said before they left nor what was said while they were away.
     *
     * @return null for the whole history
     */
    public Instant historyVisibleFrom() {
        return leftAt == null ? null : joinedAt;
    }
}
