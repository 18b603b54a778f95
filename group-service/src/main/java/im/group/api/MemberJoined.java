package im.group.api;

/** A user joined (or re-joined) as a plain member. */
public record MemberJoined(String groupUuid, String userUuid) {
}
