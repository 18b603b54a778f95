package im.messaging.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Delete a stored message for every participant. Message facts as in {@link EditMessage}.
 *
 * @param requesterUuid       the caller
 * @param requesterGroupAdmin whether the caller is an admin or the owner of the group (group conversations only;
 *                            from the groups read model): they may delete anyone's message at any time
 */
public record DeleteMessageForAll(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String authorUuid,
        Instant sentAt,
        String requesterUuid,
        boolean requesterGroupAdmin) implements ConversationCommand {
}
