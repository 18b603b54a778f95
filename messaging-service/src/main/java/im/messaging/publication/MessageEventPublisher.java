package im.messaging.publication;

import im.messaging.api.MessageDeletedForAll;
import im.messaging.api.MessageEdited;
import im.messaging.api.MessageHidden;
import im.messaging.api.MessageSent;
import im.messaging.api.ReadPositionMoved;
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
    public static final String MESSAGE_EDITED = "im.message.MessageEdited";
    public static final String MESSAGE_DELETED_FOR_ALL = "im.message.MessageDeletedForAll";
    public static final String MESSAGE_HIDDEN = "im.message.MessageHidden";
    public static final String READ_POSITION_MOVED = "im.message.ReadPositionMoved";

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
                        .setForwardedFrom(event.forwarded() ? event.forwardedFrom() : "")
                        .build());
    }

    @EventHandler
    void on(MessageEdited event, EventMessage<MessageEdited> message) {
        publisher.publish(topics.messageEvents(), message, MESSAGE_EDITED,
                im.proto.events.message.MessageEdited.newBuilder()
                        .setConversationId(event.conversationId())
                        .setMessageId(event.messageId())
                        .setSeq(event.seq())
                        .setAuthorUuid(event.authorUuid())
                        .setToUuid(event.toUuid())
                        .setMessageType(event.messageType())
                        .setContent(event.content())
                        .setEditNumber(event.editNumber())
                        .setEditedAtMs(event.editedAt().toEpochMilli())
                        .build());
    }

    @EventHandler
    void on(MessageDeletedForAll event, EventMessage<MessageDeletedForAll> message) {
        publisher.publish(topics.messageEvents(), message, MESSAGE_DELETED_FOR_ALL,
                im.proto.events.message.MessageDeletedForAll.newBuilder()
                        .setConversationId(event.conversationId())
                        .setMessageId(event.messageId())
                        .setSeq(event.seq())
                        .setAuthorUuid(event.authorUuid())
                        .setToUuid(event.toUuid())
                        .setMessageType(event.messageType())
                        .setDeletedByUuid(event.deletedByUuid())
                        .setDeletedAtMs(event.deletedAt().toEpochMilli())
                        .build());
    }

    @EventHandler
    void on(MessageHidden event, EventMessage<MessageHidden> message) {
        publisher.publish(topics.messageEvents(), message, MESSAGE_HIDDEN,
                im.proto.events.message.MessageHidden.newBuilder()
                        .setConversationId(event.conversationId())
                        .setMessageId(event.messageId())
                        .setSeq(event.seq())
                        .setUserUuid(event.userUuid())
                        .setHiddenAtMs(event.hiddenAt().toEpochMilli())
                        .build());
    }

    @EventHandler
    void on(ReadPositionMoved event, EventMessage<ReadPositionMoved> message) {
        publisher.publish(topics.messageEvents(), message, READ_POSITION_MOVED,
                im.proto.events.message.ReadPositionMoved.newBuilder()
                        .setConversationId(event.conversationId())
                        .setReaderUuid(event.readerUuid())
                        .setReadSeq(event.readSeq())
                        .setReadAtMs(event.readAt().toEpochMilli())
                        .build());
    }
}
