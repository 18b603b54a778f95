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
import im.messaging.query.inbox.InboxAppend;
import im.messaging.query.inbox.InboxRepository;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.platform.logging.CorrelationIds;
import im.proto.Message;
import im.proto.frames.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Tracking processor {@code delivery} (one segment, so per-recipient inbox order equals publish order): for each
 * stored message, queues the recipients' inbox rows in the batch's {@link DeliveryBatch}, which commits the rows of
 * the whole batch of events, then publishes their {@code Delivery}s with those inbox_seqs and waits for Kafka once,
 * before the processor's token moves. A retry after a failure finds the committed rows and publishes the same
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
    void on(MessageSent event, @MetaDataValue(AxonConfig.SENDER_CONNECTION_ID) String senderConnectionId,
            @MetaDataValue(AxonConfig.FRAME_ID) String frameId,
            @MetaDataValue(AxonConfig.FRAME_RECEIVED_AT_MS) Number frameReceivedAtMs) {
        try (CorrelationIds.Scope correlation = CorrelationIds.open(frameId)) {
            deliver(event, senderConnectionId, frameId, frameReceivedAtMs);
        }
    }

    private void deliver(MessageSent event, String senderConnectionId, String frameId, Number frameReceivedAtMs) {
        DeliveryBatch batch = DeliveryBatch.current(inbox, publisher);
        UnaryOperator<Delivery.Builder> stamp = live(frameId, frameReceivedAtMs);
        if (event.messageType() == 2) {
            deliverToGroup(batch, event, stamp);
        } else {
            batch.queue(List.of(new InboxAppend(event.toUuid(), event.messageId(),
                    inboxSeq -> Frames.message(event, inboxSeq))), stamp);
        }
        if (!event.clientMessageId().isEmpty() && senderConnectionId != null && !senderConnectionId.isEmpty()) {
            // the sender's ack is not a delivery to a recipient: it carries the correlation id, not the latency
            batch.send(List.of(Frames.ack(event.fromUuid(), senderConnectionId, event.messageId(),
                    event.clientMessageId(), event.seq(), event.sentAt().toEpochMilli()).toBuilder()
                    .setCorrelationId(frameId == null ? "" : frameId).build()));
        }
        batch.flushIfDetached();
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
        DeliveryBatch batch = DeliveryBatch.current(inbox, publisher);
        batch.send(recipients.stream().map(recipient -> Frames.live(recipient, frame)).toList());
        batch.flushIfDetached();
    }

    private void deliverToGroup(DeliveryBatch batch, MessageSent event, UnaryOperator<Delivery.Builder> stamp) {
        List<String> recipients = activeMembers(event.toUuid(), event.sentAt()).stream()
                .filter(member -> !member.equals(event.fromUuid()))
                .toList();
        String senderAvatar = users.findByUuid(event.fromUuid()).map(KnownUser::avatar).orElse("");
        batch.queue(appends(event.messageId(), recipients,
                (recipient, inboxSeq) -> Frames.groupMessage(event, senderAvatar, inboxSeq)), stamp);
    }

    /**
     * What a live delivery of a message carries for observability: the frame id of the socket frame that caused it
     * (correlation id) and when its gateway received it (end-to-end latency). Replays from the inbox carry neither.
     */
    private static UnaryOperator<Delivery.Builder> live(String frameId, Number frameReceivedAtMs) {
        return delivery -> delivery
                .setCorrelationId(frameId == null ? "" : frameId)
                .setSourceReceivedAtMs(frameReceivedAtMs == null ? 0 : frameReceivedAtMs.longValue());
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

    /** One inbox entry per recipient under {@code entryKey}, delivered with the processor's batch. */
    private void queue(String entryKey, List<String> recipients, BiFunction<String, Long, Message> frameAt) {
        DeliveryBatch batch = DeliveryBatch.current(inbox, publisher);
        batch.queue(appends(entryKey, recipients, frameAt), UnaryOperator.identity());
        batch.flushIfDetached();
    }

    private static List<InboxAppend> appends(String entryKey, List<String> recipients,
                                             BiFunction<String, Long, Message> frameAt) {
        return recipients.stream().distinct()
                .map(recipient -> new InboxAppend(recipient, entryKey, inboxSeq -> frameAt.apply(recipient, inboxSeq)))
                .toList();
    }
}
