package im.group.api;

/** A group was created; its creator is its owner and first member. */
public record GroupCreated(String groupUuid, String creatorUuid, String name, String notice) {
}
