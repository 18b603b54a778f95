package im.user.api;

/**
 * {@code userUuid} added {@code contactUuid}; contacts are mutual, so both now see each other. Also emitted for a
 * re-add after one or both sides left ({@link ContactLeft}): both sides are active again.
 */
public record ContactAdded(String contactId, String userUuid, String contactUuid) {
}
