package im.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The reader has read the conversation up to {@code seq} (inclusive). Positions only move forward and never past
 * the conversation's last message; a mark that moves nothing emits nothing. Who may read is checked before.
 */
public record MarkRead(
        @TargetAggregateIdentifier String conversationId,
        String readerUuid,
        long seq) implements ConversationCommand {
}
