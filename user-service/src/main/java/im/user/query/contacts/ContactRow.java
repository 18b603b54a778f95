package im.user.query.contacts;

import java.time.Instant;

/**
 * One direction of a contact pair, as its owner sees it.
 *
 * @param id        the legacy integer id of the row
 * @param createdAt when the contact (re)entered the owner's lists
 * @param active    whether the contact is in the owner's lists
 * @param leftAt    the owner's last leave; {@code null} if they never left
 */
public record ContactRow(long id, String ownerUuid, String contactUuid, Instant createdAt, boolean active,
                         Instant leftAt) {
}
