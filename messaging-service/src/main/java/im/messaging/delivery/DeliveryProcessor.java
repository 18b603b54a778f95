package im.messaging.delivery;

import im.messaging.api.MessageSent;
import im.messaging.config.AxonConfig;
import im.messaging.query.inbox.InboxEntry;
import im.messaging.query.inbox.InboxRepository;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Tracking processor {@code delivery} (one segment, so per-recipient inbox order equals publish order): for each
 * stored message, appends the recipient's inbox row and commits it, then publishes the {@code Delivery} with that
 * inbox_seq and waits for Kafka. A retry after a failure finds the committed row and publishes the same inbox_seq
 * again (gateways skip what a socket already has). If the sender gave a clientMessageId, an "ack" goes to the
 * sending socket (taken from the event's {@link AxonConfig#SENDER_CONNECTION_ID} metadata).
 */
@Component
@ProcessingGroup(DeliveryProcessor.PROCESSING_GROUP)
public class DeliveryProcessor {

    public static final String PROCESSING_GROUP = "delivery";

    private final InboxRepository inbox;
    private final DeliveryPublisher publisher;

    public DeliveryProcessor(InboxRepository inbox, DeliveryPublisher publisher) {
        this.inbox = inbox;
        this.publisher = publisher;
    }

    @EventHandler
    @DisallowReplay
    void on(MessageSent event, @MetaDataValue(AxonConfig.SENDER_CONNECTION_ID) String senderConnectionId) {
        InboxEntry entry = inbox.appendCommitted(event.toUuid(), event.messageId(),
                inboxSeq -> Frames.message(event, inboxSeq));
        publisher.publish(entry.toDelivery());
        if (!event.clientMessageId().isEmpty() && senderConnectionId != null && !senderConnectionId.isEmpty()) {
            publisher.publish(Frames.ack(event.fromUuid(), senderConnectionId, event.messageId(),
                    event.clientMessageId(), event.seq(), event.sentAt().toEpochMilli()));
        }
    }
}
