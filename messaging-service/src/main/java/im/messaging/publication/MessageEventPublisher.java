package im.messaging.publication;

import im.messaging.api.MessageSent;
import im.platform.kafka.EventEnvelopePublisher;
import im.platform.kafka.ImTopics;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Tracking processor {@code kafka-publisher}: messaging's public events on {@code im.message.events.v1}, keyed
 * by conversation id, as {@code EventEnvelope}s with payloads from {@code message_events.proto}. At-least-once;
 * the envelope's event id is the stored event's id, stable across re-publication.
 */
@Component
@ProcessingGroup("kafka-publisher")
public class MessageEventPublisher {

    public static final String MESSAGE_SENT = "im.message.MessageSent";

    private final EventEnvelopePublisher publisher;
    private final ImTopics topics;

    public MessageEventPublisher(EventEnvelopePublisher publisher, ImTopics topics) {
        this.publisher = publisher;
        this.topics = topics;
    }

    @EventHandler
    void on(MessageSent event, EventMessage<MessageSent> message) {
        publisher.publish(topics.messageEvents(), message, MESSAGE_SENT,
                im.proto.events.message.MessageSent.newBuilder()
                        .setConversationId(event.conversationId())
                        .setMessageId(event.messageId())
                        .setSeq(event.seq())
                        .setClientMessageId(event.clientMessageId())
                        .setFromUuid(event.fromUuid())
                        .setToUuid(event.toUuid())
                        .setMessageType(event.messageType())
                        .setContentType(event.contentType())
                        .setContent(event.content())
                        .setUrl(event.url())
                        .setSentAtMs(event.sentAt().toEpochMilli())
                        .build());
    }
}
