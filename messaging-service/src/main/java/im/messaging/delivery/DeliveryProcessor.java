package im.messaging.delivery;

import im.messaging.api.MessageSent;
import im.messaging.config.AxonConfig;
import im.messaging.query.groups.GroupEventsCatchUp;
import im.messaging.query.groups.GroupsRepository;
import im.messaging.query.inbox.InboxEntry;
import im.messaging.query.inbox.InboxRepository;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.proto.frames.Delivery;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Tracking processor {@code delivery} (one segment, so per-recipient inbox order equals publish order): for each
 * stored message, appends the recipients' inbox rows and commits them, then publishes their {@code Delivery}s with
 * those inbox_seqs and waits for Kafka. A retry after a failure finds the committed rows and publishes the same
 * inbox_seqs again (gateways skip what a socket already has). If the sender gave a clientMessageId, an "ack" goes
 * to the sending socket (taken from the event's {@link AxonConfig#SENDER_CONNECTION_ID} metadata).
 *
 * <p>Recipients: 1:1 the other party; group every current member but the sender, read from the groups projection
 * once it holds every group event published before the message was stored ({@link GroupEventsCatchUp}), each getting the re-addressed group frame ({@link Frames#groupMessage}). All of a
 * group message's rows are written in one transaction with batched statements, and all its deliveries are sent
 * before waiting for any.
 */
@Component
@ProcessingGroup(DeliveryProcessor.PROCESSING_GROUP)
public class DeliveryProcessor {

    public static final String PROCESSING_GROUP = "delivery";

    private final InboxRepository inbox;
    private final GroupsRepository groups;
    private final GroupEventsCatchUp groupEvents;
    private final KnownUsersRepository users;
    private final DeliveryPublisher publisher;

    public DeliveryProcessor(InboxRepository inbox, GroupsRepository groups, GroupEventsCatchUp groupEvents,
                             KnownUsersRepository users, DeliveryPublisher publisher) {
        this.inbox = inbox;
        this.groups = groups;
        this.groupEvents = groupEvents;
        this.users = users;
        this.publisher = publisher;
    }

    @EventHandler
    @DisallowReplay
    void on(MessageSent event, @MetaDataValue(AxonConfig.SENDER_CONNECTION_ID) String senderConnectionId) {
        if (event.messageType() == 2) {
            deliverToGroup(event);
        } else {
            InboxEntry entry = inbox.appendCommitted(event.toUuid(), event.messageId(),
                    inboxSeq -> Frames.message(event, inboxSeq));
            publisher.publish(entry.toDelivery());
        }
        if (!event.clientMessageId().isEmpty() && senderConnectionId != null && !senderConnectionId.isEmpty()) {
            publisher.publish(Frames.ack(event.fromUuid(), senderConnectionId, event.messageId(),
                    event.clientMessageId(), event.seq(), event.sentAt().toEpochMilli()));
        }
    }

    private void deliverToGroup(MessageSent event) {
        groupEvents.awaitEventsPublishedBefore(event.sentAt().toEpochMilli());
        List<String> recipients = groups.activeMembers(event.toUuid()).stream()
                .filter(member -> !member.equals(event.fromUuid()))
                .toList();
        String senderAvatar = users.findByUuid(event.fromUuid()).map(KnownUser::avatar).orElse("");
        List<Delivery> deliveries = inbox.appendAllCommitted(event.messageId(), recipients,
                        (recipient, inboxSeq) -> Frames.groupMessage(event, senderAvatar, inboxSeq))
                .stream().map(InboxEntry::toDelivery).toList();
        publisher.publishAll(deliveries);
    }
}
