package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code requesterUuid} adds {@code targetUuid} as a contact; the pair becomes contacts of each other at once. */
public record AddContact(
        @TargetAggregateIdentifier String contactId,
        String requesterUuid,
        String targetUuid) {

    public AddContact(String requesterUuid, String targetUuid) {
        this(ContactIds.of(requesterUuid, targetUuid), requesterUuid, targetUuid);
    }
}
