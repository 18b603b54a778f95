package im.group.api;

/** A member's role changed (admin or member). */
public record MemberRoleChanged(String groupUuid, String userUuid, Role role, String byUuid) {
}
