package im.messaging.delivery;

import im.messaging.api.ConversationIds;
import im.messaging.api.MessageDeletedForAll;
import im.messaging.api.MessageEdited;
import im.messaging.api.MessageHidden;
import im.messaging.api.MessageSent;
import im.messaging.api.ReadPositionMoved;
import im.messaging.config.AxonConfig;
import im.messaging.config.MessagingProperties;
import im.messaging.query.groups.GroupEventsCatchUp;
import im.messaging.query.groups.GroupMember;
import im.messaging.query.groups.GroupsRepository;
import im.messaging.query.inbox.InboxEntry;
import im.messaging.query.inbox.InboxRepository;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.proto.Message;
import im.proto.frames.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Tracking processor {@code delivery} (one segment, so per-recipient inbox order equals publish order): for each
 * stored message, appends the recipients' inbox rows and commits them, then publishes their {@code Delivery}s with
 * those inbox_seqs and waits for Kafka. A retry after a failure finds the committed rows and publishes the same
 * inbox_seqs again (gateways skip what a socket already has). If the sender gave a clientMessageId, an "ack" goes
 * to the sending socket (taken from the event's {@link AxonConfig#SENDER_CONNECTION_ID} metadata).
 *
 * <p>Recipients of a message: 1:1 the other party; group every current member but the sender, read from the groups
 * projection once it holds every group event published before the message was stored ({@link GroupEventsCatchUp}),
 * each getting the re-addressed group frame ({@link Frames#groupMessage}). All of a group message's rows are
 * written in one transaction with batched statements, and all its deliveries are sent before waiting for any.
 *
 * <p>Changes to stored messages go through the inbox too, so a device that was away gets them in order after the
 * messages they change: an edit or a deletion for everyone to every participant who can read the message (1:1 both
 * parties, group every current member, the author's own devices included; each inside their window), a hide to the user who hid it (their other devices); their
 * inbox key is the stored event's id. Read positions are live only (the sync API has the current ones): 1:1 to both
 * parties, group to every current member while the group has at most {@code group-signals-max-members}, else to the
 * reader's own devices.
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
    private final MessagingProperties properties;

    public DeliveryProcessor(InboxRepository inbox, GroupsRepository groups, GroupEventsCatchUp groupEvents,
                             KnownUsersRepository users, DeliveryPublisher publisher,
                             MessagingProperties properties) {
        this.inbox = inbox;
        this.groups = groups;
        this.groupEvents = groupEvents;
        this.users = users;
        this.publisher = publisher;
        this.properties = properties;
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

    @EventHandler
    @DisallowReplay
    void on(MessageEdited event, @MessageIdentifier String eventId) {
        queue(eventId, readersOf(event.authorUuid(), event.toUuid(), event.messageType(), event.sentAt(),
                event.editedAt()), (recipient, inboxSeq) -> Frames.edited(event, inboxSeq));
    }

    @EventHandler
    @DisallowReplay
    void on(MessageDeletedForAll event, @MessageIdentifier String eventId) {
        queue(eventId, readersOf(event.authorUuid(), event.toUuid(), event.messageType(), event.sentAt(),
                event.deletedAt()), (recipient, inboxSeq) -> Frames.deleted(event, inboxSeq));
    }

    @EventHandler
    @DisallowReplay
    void on(MessageHidden event, @MessageIdentifier String eventId) {
        queue(eventId, List.of(event.userUuid()), (recipient, inboxSeq) -> Frames.hidden(event, inboxSeq));
    }

    @EventHandler
    @DisallowReplay
    void on(ReadPositionMoved event) {
        List<String> recipients;
        if (event.messageType() == 2) {
            List<String> members = activeMembers(event.peerUuid(), event.readAt());
            recipients = members.size() <= properties.groupSignalsMaxMembers() ? members : List.of(event.readerUuid());
        } else {
            recipients = List.of(event.readerUuid(), event.peerUuid());
        }
        Message frame = Frames.read(event);
        publisher.publishAll(recipients.stream().map(recipient -> Frames.live(recipient, frame)).toList());
    }

    private void deliverToGroup(MessageSent event) {
        List<String> recipients = activeMembers(event.toUuid(), event.sentAt()).stream()
                .filter(member -> !member.equals(event.fromUuid()))
                .toList();
        String senderAvatar = users.findByUuid(event.fromUuid()).map(KnownUser::avatar).orElse("");
        queue(event.messageId(), recipients, (recipient, inboxSeq) -> Frames.groupMessage(event, senderAvatar, inboxSeq));
    }

    /**
     * Who may see a message sent at {@code sentAt}, as of {@code at}: 1:1 both parties, group every current member
     * (the author included while a member), each only if the message is inside their window (after their last leave
     * of the chat; within their current membership if they ever left the group). An edit's new text must not reach
     * someone who cannot read the message.
     */
    private List<String> readersOf(String author, String peerOrGroup, int messageType, Instant sentAt, Instant at) {
        if (messageType == 2) {
            groupEvents.awaitEventsPublishedBefore(at.toEpochMilli());
            return groups.activeMemberships(ConversationIds.groupUuid(peerOrGroup)).stream()
                    .filter(member -> member.historyVisibleFrom() == null
                            || sentAt == null || sentAt.isAfter(member.historyVisibleFrom()))
                    .map(GroupMember::userUuid)
                    .toList();
        }
        return Stream.of(author, peerOrGroup)
                .filter(party -> sentAt == null || users.contactLeftAt(party, party.equals(author) ? peerOrGroup : author)
                        .map(sentAt::isAfter).orElse(true))
                .toList();
    }

    private List<String> activeMembers(String group, Instant asOf) {
        groupEvents.awaitEventsPublishedBefore(asOf.toEpochMilli());
        return groups.activeMembers(ConversationIds.groupUuid(group));
    }

    /** Commits one inbox row per recipient under {@code entryKey}, then publishes their deliveries. */
    private void queue(String entryKey, List<String> recipients, BiFunction<String, Long, Message> frameAt) {
        List<Delivery> deliveries = inbox.appendAllCommitted(entryKey, recipients, frameAt).stream()
                .map(InboxEntry::toDelivery).toList();
        publisher.publishAll(deliveries);
    }
}
