package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code userUuid} leaves the 1:1 chat with {@code contactUuid}: the contact leaves the leaver's lists only; the
 * other side keeps it until they leave too.
 */
public record LeaveContact(
        @TargetAggregateIdentifier String contactId,
        String userUuid,
        String contactUuid) {

    public LeaveContact(String userUuid, String contactUuid) {
        this(ContactIds.of(userUuid, contactUuid), userUuid, contactUuid);
    }
}
