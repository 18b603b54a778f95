package im.group.api;

/** The group's notice changed. */
public record GroupNoticeChanged(String groupUuid, String notice, String byUuid) {
}
