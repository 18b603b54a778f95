package im.group.api;

/** A member was removed by an admin or the owner. */
public record MemberRemoved(String groupUuid, String userUuid, String byUuid) {
}
