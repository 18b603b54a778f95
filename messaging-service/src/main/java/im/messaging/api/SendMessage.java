package im.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Store a message in a conversation.
 *
 * @param conversationId  {@link ConversationIds#direct} of the two parties
 * @param dedupeKey       the client's message id if it gave one, else the gateway's frame id: a second command
 *                        with the same key from the same sender stores nothing and answers the first message
 * @param clientMessageId the client's message id, empty if none (legacy clients)
 * @param forwardedFrom   the message id this one forwards, empty if none
 */
public record SendMessage(
        @TargetAggregateIdentifier String conversationId,
        String dedupeKey,
        String clientMessageId,
        String fromUuid,
        String fromUsername,
        String toUuid,
        int messageType,
        int contentType,
        String content,
        String url,
        String forwardedFrom) implements ConversationCommand {
}
