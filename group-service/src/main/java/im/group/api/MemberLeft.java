package im.group.api;

/** A member left; {@code groupClosed}: it was the last one, and the group takes no joins any more. */
public record MemberLeft(String groupUuid, String userUuid, boolean groupClosed) {
}
