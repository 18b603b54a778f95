package im.user.query.groups;

import java.time.Instant;

/**
 * A user's membership of a group as user-service knows it.
 *
 * @param id       the legacy integer id of the membership row
 * @param active   whether the user is a member now
 * @param joinedAt the last join
 * @param leftAt   the last leave or removal; {@code null} while a member
 */
public record KnownMembership(long id, String groupUuid, String userUuid, boolean active, Instant joinedAt,
                              Instant leftAt) {
}
