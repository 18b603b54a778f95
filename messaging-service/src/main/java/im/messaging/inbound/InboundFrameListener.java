package im.messaging.inbound;

import com.google.protobuf.InvalidProtocolBufferException;
import im.messaging.api.ConversationIds;
import im.messaging.api.MessageRefusedException;
import im.messaging.api.RefusalCode;
import im.messaging.api.SendMessage;
import im.messaging.api.SendResult;
import im.messaging.config.AxonConfig;
import im.messaging.config.MessagingProperties;
import im.messaging.delivery.DeliveryPublisher;
import im.messaging.delivery.Frames;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.platform.kafka.ImTopics;
import im.proto.Message;
import im.proto.frames.InboundFrame;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Step 3 of the message path: frames the gateway accepted ({@code im.frames.inbound.v1}, consumer group
 * {@code messaging}, keyed by conversation so one conversation is handled in order) become {@link SendMessage}
 * commands on the Conversation aggregate.
 *
 * <p>Only 1:1 text (messageType 1, contentType 1) is stored so far. The message carries the sender's current
 * username from the known-users projection (the token's claim only while the sender is not known yet). A refused frame (unknown recipient, empty or
 * too long text, other types) is answered with an "error" frame to the sending socket. A resend the aggregate
 * recognises stores nothing; if it carries a clientMessageId it is acked again here (a new message is acked by the
 * delivery processor after the commit). An undecodable record is logged (never its content) and skipped.
 * The record's offset is committed only after this method returned (ack-mode record): at-least-once.
 */
@Component
public class InboundFrameListener {

    private static final Logger log = LoggerFactory.getLogger(InboundFrameListener.class);

    private final CommandGateway commands;
    private final RecipientResolver recipients;
    private final KnownUsersRepository users;
    private final DeliveryPublisher publisher;
    private final MessagingProperties properties;
    private final ImTopics topics;

    public InboundFrameListener(CommandGateway commands, RecipientResolver recipients, KnownUsersRepository users,
                                DeliveryPublisher publisher, MessagingProperties properties, ImTopics topics) {
        this.commands = commands;
        this.recipients = recipients;
        this.users = users;
        this.publisher = publisher;
        this.properties = properties;
        this.topics = topics;
    }

    public String topicName() {
        return topics.framesInbound();
    }

    @KafkaListener(topics = "#{__listener.topicName()}", groupId = "messaging")
    public void on(ConsumerRecord<String, byte[]> record) {
        InboundFrame inbound;
        try {
            inbound = InboundFrame.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping undecodable inbound frame at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        if (inbound.getSenderUuid().isEmpty() || inbound.getFrameId().isEmpty()) {
            log.warn("skipping inbound frame without sender or frame id at {}-{}@{}", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        try {
            handle(inbound);
        } catch (MessageRefusedException refused) {
            refuse(inbound, refused.code(), refused.getMessage());
        }
    }

    private void handle(InboundFrame inbound) {
        Message frame = inbound.getFrame();
        String sender = inbound.getSenderUuid();
        if (frame.getMessageType() == 2) {
            throw new MessageRefusedException(RefusalCode.UNKNOWN_GROUP, "group doesn't exist");
        }
        if (frame.getMessageType() != 1) {
            throw new MessageRefusedException(RefusalCode.UNSUPPORTED_MESSAGE_TYPE,
                    "messageType " + frame.getMessageType() + " is not supported");
        }
        if (frame.getContentType() != 1) {
            throw new MessageRefusedException(RefusalCode.UNSUPPORTED_CONTENT_TYPE,
                    "contentType " + frame.getContentType() + " is not supported yet");
        }
        String clientMessageId = frame.getClientMessageId();
        if (clientMessageId.length() > properties.maxClientMessageIdLength()) {
            throw new MessageRefusedException(RefusalCode.INVALID_CLIENT_MESSAGE_ID,
                    "clientMessageId is longer than " + properties.maxClientMessageIdLength() + " characters");
        }
        String recipient = frame.getTo();
        // an id with a control character (U+0000 would fail the query) is nobody's
        if (recipient.isEmpty() || recipient.chars().anyMatch(c -> c < 0x20)
                || recipients.resolve(recipient).isEmpty()) {
            throw new MessageRefusedException(RefusalCode.UNKNOWN_RECIPIENT, "user doesn't exist");
        }
        SendMessage command = new SendMessage(
                ConversationIds.direct(sender, recipient),
                clientMessageId.isEmpty() ? inbound.getFrameId() : clientMessageId,
                clientMessageId,
                sender,
                currentUsername(inbound),
                recipient,
                frame.getMessageType(),
                frame.getContentType(),
                frame.getContent(),
                ""); // a text message has no file; a client-sent url is never trusted
        MetaData transport = MetaData.from(Map.of(
                AxonConfig.SENDER_CONNECTION_ID, inbound.getConnectionId(),
                AxonConfig.SENDER_GATEWAY_ID, inbound.getGatewayId()));
        SendResult result = sendAndWait(command, transport);
        if (result.duplicate() && !clientMessageId.isEmpty() && !inbound.getConnectionId().isEmpty()) {
            publisher.publish(Frames.ack(sender, inbound.getConnectionId(), result.messageId(), clientMessageId,
                    result.seq(), result.sentAt().toEpochMilli()));
        }
    }

    /**
     * The sender's username as messaging knows it now (user-service's events), so a rename shows at once; the
     * gateway's value, from the token's claim (stale until the next login), only while the sender is not known yet.
     */
    private String currentUsername(InboundFrame inbound) {
        return users.findByUuid(inbound.getSenderUuid())
                .map(KnownUser::username)
                .filter(username -> !username.isEmpty())
                .orElse(inbound.getSenderUsername().isEmpty()
                        ? inbound.getFrame().getFromUsername() : inbound.getSenderUsername());
    }

    private SendResult sendAndWait(SendMessage command, MetaData metaData) {
        try {
            return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof MessageRefusedException refused) {
                    throw refused;
                }
            }
            throw e;
        }
    }

    /**
     * Called by the listeners' error handler after the retries for a frame ran out (say, the database is down):
     * tells the sending socket its frame was not stored. Best effort: Kafka may be failing too.
     */
    public void gaveUp(byte[] record) {
        try {
            InboundFrame inbound = InboundFrame.parseFrom(record);
            if (!inbound.getSenderUuid().isEmpty()) {
                refuse(inbound, RefusalCode.UNAVAILABLE, "the message could not be stored, please try again");
            }
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            log.warn("could not answer a frame that was given up on: {}", e.getClass().getName());
        }
    }

    private void refuse(InboundFrame inbound, RefusalCode code, String reason) {
        if (inbound.getConnectionId().isEmpty()) {
            log.info("refused frame {} ({}) has no connection to answer", inbound.getFrameId(), code.wire());
            return;
        }
        publisher.publish(Frames.error(inbound.getSenderUuid(), inbound.getConnectionId(), code, reason,
                inbound.getFrame().getClientMessageId()));
    }
}
