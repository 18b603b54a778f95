package im.group.api;

/** The owner handed the group over; the previous owner is now an admin. */
public record OwnershipTransferred(String groupUuid, String previousOwnerUuid, String newOwnerUuid) {
}
