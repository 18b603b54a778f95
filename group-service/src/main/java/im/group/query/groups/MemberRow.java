package im.group.query.groups;

import java.time.OffsetDateTime;

/** A current member of a group, with the profile from {@code known_users} (empty fields if unknown). */
public record MemberRow(long id, String groupUuid, String userUuid, String role, OffsetDateTime joinedAt,
                        OffsetDateTime leftAt, String username, String nickname, String avatar) {
}
