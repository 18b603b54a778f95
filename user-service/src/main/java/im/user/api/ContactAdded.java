package im.user.api;

/** {@code userUuid} added {@code contactUuid}; contacts are mutual, so both now see each other. */
public record ContactAdded(String contactId, String userUuid, String contactUuid) {
}
