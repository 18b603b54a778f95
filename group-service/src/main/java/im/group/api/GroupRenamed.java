package im.group.api;

/** The group's name changed. */
public record GroupRenamed(String groupUuid, String name, String byUuid) {
}
