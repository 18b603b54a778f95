package im.user.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import im.platform.web.DomainException;
import im.user.api.AddContact;
import im.user.api.ContactAdded;
import im.user.api.ContactIds;
import im.user.api.ContactLeft;
import im.user.api.LeaveContact;
import im.user.api.UserErrors;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The contact relationship of two users (id {@link ContactIds#of}). Contacts are mutual and need no consent, so
 * one aggregate per pair is the single place that decides whether the two are contacts, whichever of them asks.
 *
 * <p>Each side of the pair is active (the other user is in this side's lists) or not (this side left the 1:1
 * chat), and remembers its last leave. Adding is refused only while both sides are active; otherwise it makes both
 * sides active again (a re-add after either side left restores both lists). Leaving makes the leaver's side
 * inactive only.
 */
@Aggregate
public class Contact {

    @AggregateIdentifier
    private String contactId;
    /** The users whose side is active. */
    private final Set<String> activeSides = new HashSet<>();
    /** Each side's last leave. */
    private final Map<String, Instant> lastLeftAt = new HashMap<>();

    protected Contact() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AddContact command) {
        requirePair(command.contactId(), command.requesterUuid(), command.targetUuid(), UserErrors.CANNOT_ADD_SELF);
        if (activeSides.contains(command.requesterUuid()) && activeSides.contains(command.targetUuid())) {
            throw new DomainException(UserErrors.ALREADY_CONTACTS);
        }
        apply(new ContactAdded(command.contactId(), command.requesterUuid(), command.targetUuid()));
    }

    /** Refused with "interact doesn't exist" unless the leaver's side is active (never added, or left already). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(LeaveContact command) {
        requirePair(command.contactId(), command.userUuid(), command.contactUuid(), UserErrors.CONTACT_NOT_FOUND);
        if (!activeSides.contains(command.userUuid())) {
            throw new DomainException(UserErrors.CONTACT_NOT_FOUND);
        }
        apply(new ContactLeft(command.contactId(), command.userUuid(), command.contactUuid(),
                GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(ContactAdded event) {
        contactId = event.contactId();
        activeSides.add(event.userUuid());
        activeSides.add(event.contactUuid());
    }

    @EventSourcingHandler
    void on(ContactLeft event) {
        activeSides.remove(event.userUuid());
        lastLeftAt.put(event.userUuid(), event.leftAt());
    }

    /** Two distinct, non-blank users that the aggregate id names; the same user twice is {@code selfMessage}. */
    private static void requirePair(String contactId, String userUuid, String otherUuid, String selfMessage) {
        if (userUuid == null || otherUuid == null || userUuid.isBlank() || otherUuid.isBlank()) {
            throw new DomainException(UserErrors.USER_NOT_FOUND);
        }
        if (userUuid.equals(otherUuid)) {
            throw new DomainException(selfMessage);
        }
        if (!ContactIds.of(userUuid, otherUuid).equals(contactId)) {
            throw new DomainException("contact id does not match the pair");
        }
    }
}
