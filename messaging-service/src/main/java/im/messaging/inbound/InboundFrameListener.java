package im.messaging.inbound;

import com.google.protobuf.InvalidProtocolBufferException;
import im.messaging.api.ConversationIds;
import im.messaging.api.MessageRefusedException;
import im.messaging.api.RefusalCode;
import im.messaging.api.SendMessage;
import im.messaging.api.SendResult;
import im.messaging.config.AxonConfig;
import im.messaging.config.DirectMessagePolicy;
import im.messaging.config.MessagingProperties;
import im.messaging.delivery.DeliveryPublisher;
import im.messaging.delivery.Frames;
import im.messaging.query.groups.GroupAccess;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.platform.kafka.ImTopics;
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
 * group; a bare UUID is read as {@code [grp]<uuid>}). Refused before the command, from the projections of other
 * contexts (each waited for briefly, see {@code ProjectionWait}): a deleted sender ({@code account_deleted}); 1:1 an
 * unknown or deleted recipient ({@code unknown_recipient}) and, under the contacts-only policy, a pair that is not
 * mutually active contacts ({@code not_contact}); group an unknown or closed group ({@code unknown_group}) or a
 * sender who is not a current member ({@code not_group_member}). The message carries the sender's current
 * username from the known-users projection (the token's claim only while the sender is not known yet). A refused
 * frame (those rules, empty or too long text, other types) is answered with an "error" frame to the sending socket. A resend the aggregate
 * recognises stores nothing; if it carries a clientMessageId it is acked again here (a new message is acked by the
 * delivery processor after the commit). An undecodable record is logged (never its content) and skipped.
 * The record's offset is committed only after this method returned (ack-mode record): at-least-once.
 */
@Component
public class InboundFrameListener {

    private static final Logger log = LoggerFactory.getLogger(InboundFrameListener.class);

    private static final int DIRECT = 1;
    private static final int GROUP = 2;

    private final CommandGateway commands;
    private final RecipientResolver recipients;
    private final GroupAccess groups;
    private final KnownUsersRepository users;
    private final DeliveryPublisher publisher;
    private final MessagingProperties properties;
    private final ImTopics topics;

    public InboundFrameListener(CommandGateway commands, RecipientResolver recipients, GroupAccess groups,
                                KnownUsersRepository users, DeliveryPublisher publisher,
                                MessagingProperties properties, ImTopics topics) {
        this.commands = commands;
        this.recipients = recipients;
        this.groups = groups;
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
        Optional<KnownUser> knownSender = users.findByUuid(sender);
        if (knownSender.filter(KnownUser::deleted).isPresent()) {
            throw new MessageRefusedException(RefusalCode.ACCOUNT_DELETED, "your account was deleted");
        }
        int messageType = frame.getMessageType();
        if (messageType != DIRECT && messageType != GROUP) {
            throw new MessageRefusedException(RefusalCode.UNSUPPORTED_MESSAGE_TYPE,
                    "messageType " + messageType + " is not supported");
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
        String recipient;
        String conversationId;
        if (messageType == GROUP) {
            recipient = ConversationIds.groupUuid(frame.getTo());
            // a leave or join answered before this frame reached the gateway counts
            groups.awaitEventsPublishedBefore(inbound.getReceivedAtMs());
            requireGroupMember(recipient, sender);
            conversationId = ConversationIds.group(recipient);
        } else {
            recipient = frame.getTo();
            requireRecipient(sender, recipient);
            conversationId = ConversationIds.direct(sender, recipient);
        }
        SendMessage command = new SendMessage(
                conversationId,
                clientMessageId.isEmpty() ? inbound.getFrameId() : clientMessageId,
                clientMessageId,
                sender,
                currentUsername(inbound, knownSender),
                recipient,
                messageType,
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

    /** 1:1: the recipient exists (known, not deleted) and, under contacts-only, both are each other's contacts. */
    private void requireRecipient(String sender, String recipient) {
        // an id with a control character (U+0000 would fail the query) is nobody's
        if (!isId(recipient) || recipients.resolve(recipient).filter(user -> !user.deleted()).isEmpty()) {
            throw new MessageRefusedException(RefusalCode.UNKNOWN_RECIPIENT, "user doesn't exist");
        }
        if (properties.policy() == DirectMessagePolicy.CONTACTS_ONLY
                && !recipients.areMutualContacts(sender, recipient)) {
            throw new MessageRefusedException(RefusalCode.NOT_CONTACT, "you can only message your contacts");
        }
    }

    /** Group: the group exists and is not closed, and the sender is a current member. */
    private void requireGroupMember(String group, String sender) {
        if (!isId(group) || groups.openGroup(group).isEmpty()) {
            throw new MessageRefusedException(RefusalCode.UNKNOWN_GROUP, "group doesn't exist");
        }
        if (groups.currentMembership(group, sender).isEmpty()) {
            throw new MessageRefusedException(RefusalCode.NOT_GROUP_MEMBER, "you are not a member of this group");
        }
    }

    private static boolean isId(String id) {
        return !id.isEmpty() && id.chars().noneMatch(c -> c < 0x20);
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
