package im.user.api;

import java.time.Instant;

/**
 * {@code userUuid} left the 1:1 chat with {@code contactUuid} at {@code leftAt}: only the leaver's side of the pair
 * is inactive now. A later {@link ContactAdded} of the pair makes both sides active again; the leave time stays.
 */
public record ContactLeft(String contactId, String userUuid, String contactUuid, Instant leftAt) {
}
