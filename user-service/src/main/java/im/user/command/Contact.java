package im.user.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import im.platform.web.DomainException;
import im.user.api.AddContact;
import im.user.api.ContactAdded;
import im.user.api.ContactIds;
import im.user.api.UserErrors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The contact relationship of two users (id {@link ContactIds#of}). Contacts are mutual and need no consent, so
 * one aggregate per pair is the single place that decides whether the two are already contacts, whichever of
 * them asks.
 */
@Aggregate
public class Contact {

    @AggregateIdentifier
    private String contactId;
    private boolean established;

    protected Contact() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AddContact command) {
        if (command.requesterUuid() == null || command.targetUuid() == null
                || command.requesterUuid().isBlank() || command.targetUuid().isBlank()) {
            throw new DomainException(UserErrors.USER_NOT_FOUND);
        }
        if (command.requesterUuid().equals(command.targetUuid())) {
            throw new DomainException(UserErrors.CANNOT_ADD_SELF);
        }
        if (!ContactIds.of(command.requesterUuid(), command.targetUuid()).equals(command.contactId())) {
            throw new DomainException("contact id does not match the pair");
        }
        if (established) {
            throw new DomainException(UserErrors.ALREADY_CONTACTS);
        }
        apply(new ContactAdded(command.contactId(), command.requesterUuid(), command.targetUuid()));
    }

    @EventSourcingHandler
    void on(ContactAdded event) {
        contactId = event.contactId();
        established = true;
    }
}
