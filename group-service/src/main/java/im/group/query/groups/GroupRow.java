package im.group.query.groups;

import java.time.OffsetDateTime;

/** A row of {@code groups}, with the creator's username from {@code known_users} (empty if unknown). */
public record GroupRow(long id, String uuid, String name, String notice, String creatorUuid, String creator,
                       String ownerUuid, OffsetDateTime createdAt) {
}
