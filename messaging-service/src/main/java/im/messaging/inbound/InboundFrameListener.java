package im.messaging.inbound;

import com.google.protobuf.InvalidProtocolBufferException;
import im.messaging.access.ConversationAccess;
import im.messaging.access.WriteTarget;
import im.messaging.api.MessageRefusedException;
import im.messaging.api.RefusalCode;
import im.messaging.api.SendMessage;
import im.messaging.api.SendResult;
import im.messaging.config.AxonConfig;
import im.messaging.config.MessagingProperties;
import im.messaging.delivery.DeliveryPublisher;
import im.messaging.delivery.Frames;
import im.messaging.query.knownusers.KnownUser;
import im.platform.kafka.ImTopics;
import im.platform.logging.CorrelationIds;
import im.proto.Message;
import im.proto.frames.InboundFrame;
import java.util.Map;
import java.util.Optional;
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
 * <p>Text (contentType 1) is stored, 1:1 (messageType 1, {@code to} a user) and group (messageType 2, {@code to} a
 * group; a bare UUID is read as {@code [grp]<uuid>}). Who may write is decided before the command by
 * {@link ConversationAccess#requireWriter} (deleted sender, unknown recipient or group, contacts-only policy,
 * group membership). Frames of type {@code read} and {@code typing} go to {@link ConversationSignals}. The message carries the sender's current
 * username from the known-users projection (the token's claim only while the sender is not known yet). A refused
 * frame (those rules, empty or too long text, other types) is answered with an "error" frame to the sending socket. A resend the aggregate
 * recognises stores nothing; if it carries a clientMessageId it is acked again here (a new message is acked by the
 * delivery processor after the commit). An undecodable record is logged (never its content) and skipped.
 * A record's offset is committed only after this method returned for it and for the records polled with it
 * (ack-mode batch): at-least-once.
 */
@Component
public class InboundFrameListener {

    private static final Logger log = LoggerFactory.getLogger(InboundFrameListener.class);

    private static final int DIRECT = 1;
    private static final int GROUP = 2;

    private static final String READ = "read";
    private static final String TYPING = "typing";

    private final CommandGateway commands;
    private final ConversationAccess access;
    private final ConversationSignals signals;
    private final DeliveryPublisher publisher;
    private final MessagingProperties properties;
    private final ImTopics topics;

    public InboundFrameListener(CommandGateway commands, ConversationAccess access, ConversationSignals signals,
                                DeliveryPublisher publisher, MessagingProperties properties, ImTopics topics) {
        this.commands = commands;
        this.access = access;
        this.signals = signals;
        this.publisher = publisher;
        this.properties = properties;
        this.topics = topics;
    }

    public String topicName() {
        return topics.framesInbound();
    }

    @KafkaListener(topics = "#{__listener.topicName()}", groupId = "messaging",
            concurrency = "${im.messaging.inbound-consumers:8}")
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
        try (CorrelationIds.Scope correlation = CorrelationIds.open(inbound.getFrameId())) {
            handle(inbound);
        } catch (MessageRefusedException refused) {
            refuse(inbound, refused.code(), refused.getMessage());
        }
    }

    private void handle(InboundFrame inbound) {
        switch (inbound.getFrame().getType()) {
            case READ -> signals.read(inbound);
            case TYPING -> signals.typing(inbound);
            default -> store(inbound);
        }
    }

    private void store(InboundFrame inbound) {
        Message frame = inbound.getFrame();
        String sender = inbound.getSenderUuid();
        int messageType = frame.getMessageType();
        if (messageType != DIRECT && messageType != GROUP) {
            throw new MessageRefusedException(RefusalCode.UNSUPPORTED_MESSAGE_TYPE,
                    "messageType " + messageType + " is not supported");
        }
        String clientMessageId = frame.getClientMessageId();
        if (clientMessageId.length() > properties.maxClientMessageIdLength()) {
            throw new MessageRefusedException(RefusalCode.INVALID_CLIENT_MESSAGE_ID,
                    "clientMessageId is longer than " + properties.maxClientMessageIdLength() + " characters");
        }
        WriteTarget target = access.requireWriter(sender, messageType, frame.getTo(), inbound.getReceivedAtMs());
        SendMessage command = new SendMessage(
                target.conversationId(),
                clientMessageId.isEmpty() ? inbound.getFrameId() : clientMessageId,
                clientMessageId,
                sender,
                currentUsername(inbound, target.sender()),
                target.recipient(),
                messageType,
                frame.getContentType(),
                frame.getContent(),
                // a file's stored name: the gateway clears any url a client sent and sets it after media-service
                // stored the bytes; a text message has none
                frame.getContentType() == 1 ? "" : frame.getUrl(),
                "");
        MetaData transport = MetaData.from(Map.of(
                AxonConfig.SENDER_CONNECTION_ID, inbound.getConnectionId(),
                AxonConfig.SENDER_GATEWAY_ID, inbound.getGatewayId(),
                AxonConfig.FRAME_ID, inbound.getFrameId(),
                AxonConfig.FRAME_RECEIVED_AT_MS, inbound.getReceivedAtMs()));
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
    private static String currentUsername(InboundFrame inbound, Optional<KnownUser> knownSender) {
        return knownSender
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
